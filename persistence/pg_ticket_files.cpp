#include "persistence/pg_ticket_files.hpp"

namespace souk {

pg_ticket_files::pg_ticket_files(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

expected<bool, store_error> pg_ticket_files::put(const ticket_file_row& f) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    // A binarystring goes as a binary parameter: the bytes as they are,
    // no escaping, NUL included.
    pqxx::binarystring bytes{f.bytes.data(), f.bytes.size()};
    auto r = tx.exec_params(
      "INSERT INTO ticket_files (id, ticket_id, filename, content_type, size,"
      " sha256, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
      " to_timestamp($8 / 1000.0)) ON CONFLICT (id) DO NOTHING",
      f.id, f.ticket_id, f.filename, f.content_type, f.size, f.sha256, bytes,
      f.created_at);
    return r.affected_rows() == 1;
  });
}

expected<std::optional<ticket_file_row>, store_error>
pg_ticket_files::get(const std::string& ticket_id, const std::string& file_id) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<ticket_file_row> {
      pqxx::nontransaction tx{c};
      auto rows = tx.exec_params(
        "SELECT id, ticket_id, filename, content_type, size, sha256, bytes,"
        " (extract(epoch from created_at) * 1000)::bigint FROM ticket_files"
        " WHERE id = $1 AND ticket_id = $2",
        file_id, ticket_id);
      if (rows.empty())
        return std::nullopt;
      auto r = rows[0];
      ticket_file_row f;
      f.id = r[0].as<std::string>();
      f.ticket_id = r[1].as<std::string>();
      f.filename = r[2].as<std::string>();
      f.content_type = r[3].as<std::string>();
      f.size = r[4].as<std::int64_t>();
      f.sha256 = r[5].as<std::string>();
      f.bytes = pqxx::binarystring{r[6]}.str();
      f.created_at = r[7].as<std::int64_t>();
      return f;
    });
}

expected<bool, store_error>
pg_ticket_files::remove(const std::string& file_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("DELETE FROM ticket_files WHERE id = $1", file_id)
             .affected_rows()
           == 1;
  });
}

} // namespace souk
