#include "persistence/pg_event_store.hpp"

#include "persistence/event_rows.hpp"

namespace souk {

namespace {

std::chrono::system_clock::time_point from_micros(std::int64_t us) {
  return std::chrono::system_clock::time_point{std::chrono::microseconds{us}};
}

std::vector<recorded_event> to_events(const pqxx::result& rows) {
  std::vector<recorded_event> out;
  out.reserve(rows.size());
  for (auto row : rows)
    out.push_back(to_event(row));
  return out;
}

} // namespace

pg_event_store::pg_event_store(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop: connects on first use
}

pg_event_store::~pg_event_store() = default;

read_result pg_event_store::read_stream(const std::string& stream_id,
                                        std::int64_t from_version) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return to_events(
      tx.exec_params(std::string{"SELECT "} + event_columns
                       + " FROM events WHERE stream_id = $1 AND version >= $2"
                         " ORDER BY version",
                     stream_id, from_version));
  });
}

expected<std::vector<recorded_event>, store_error>
pg_event_store::read_feed(std::int64_t after_position, std::int64_t limit) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return to_events(tx.exec_params(
      std::string{"SELECT "} + event_columns
        + " FROM events WHERE position > $1 ORDER BY position LIMIT $2",
      after_position, limit));
  });
}

expected<std::int64_t, store_error> pg_event_store::head_position() {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec1("SELECT coalesce(max(position), 0) FROM events")[0]
      .as<std::int64_t>();
  });
}

expected<std::int64_t, store_error>
pg_event_store::stream_version(const std::string& stream_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx
      .exec_params1(
        "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1",
        stream_id)[0]
      .as<std::int64_t>();
  });
}

expected<bool, store_error> pg_event_store::save_snapshot(const snapshot& s) {
  if (!is_valid_json(s.state))
    return store_error{store_errc::invalid_argument,
                       "snapshot of '" + s.stream_id + "' is not valid JSON"};
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    tx.exec_params(
      "INSERT INTO snapshots (stream_id, version, type, state)"
      " VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (stream_id, version)"
      " DO UPDATE SET type = excluded.type, state = excluded.state,"
      " taken_at = now()",
      s.stream_id, s.version, s.type, s.state);
    return true;
  });
}

snapshot_result
pg_event_store::load_latest_snapshot(const std::string& stream_id) {
  return session_.run([&](pqxx::connection& c) -> std::optional<snapshot> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(
      "SELECT version, type, state::text,"
      " (extract(epoch FROM taken_at) * 1000000)::bigint"
      " FROM snapshots WHERE stream_id = $1 ORDER BY version DESC LIMIT 1",
      stream_id);
    if (rows.empty())
      return std::nullopt;
    return snapshot{stream_id, rows[0][0].as<std::int64_t>(),
                    rows[0][1].as<std::string>(), rows[0][2].as<std::string>(),
                    from_micros(rows[0][3].as<std::int64_t>())};
  });
}

} // namespace souk
