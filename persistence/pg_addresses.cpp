#include "persistence/pg_addresses.hpp"

namespace souk {

namespace {

constexpr auto columns
  = "id, customer_id, address_name, is_default_shipping, is_default_billing,"
    " first_name, last_name, company, address_1, address_2, city, province,"
    " postal_code, country_code, phone,"
    " (extract(epoch from created_at) * 1000)::bigint,"
    " (extract(epoch from updated_at) * 1000)::bigint";

customer_address to_address(const pqxx::row& r) {
  customer_address a;
  a.id = r[0].as<std::string>();
  a.customer_id = r[1].as<std::string>();
  a.address_name = r[2].as<std::string>();
  a.is_default_shipping = r[3].as<bool>();
  a.is_default_billing = r[4].as<bool>();
  a.postal = {r[5].as<std::string>(),  r[6].as<std::string>(),
              r[7].as<std::string>(),  r[8].as<std::string>(),
              r[9].as<std::string>(),  r[10].as<std::string>(),
              r[11].as<std::string>(), r[12].as<std::string>(),
              r[13].as<std::string>(), r[14].as<std::string>()};
  a.created_at = r[15].as<std::int64_t>();
  a.updated_at = r[16].as<std::int64_t>();
  return a;
}

// A new default takes the place of the customer's old one.
void clear_defaults(pqxx::work& tx, const customer_address& a) {
  if (a.is_default_shipping)
    tx.exec_params("UPDATE customer_addresses SET is_default_shipping = false"
                   " WHERE customer_id = $1 AND id <> $2"
                   " AND is_default_shipping",
                   a.customer_id, a.id);
  if (a.is_default_billing)
    tx.exec_params(
      "UPDATE customer_addresses SET is_default_billing = false"
      " WHERE customer_id = $1 AND id <> $2 AND is_default_billing",
      a.customer_id, a.id);
}

} // namespace

pg_addresses::pg_addresses(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

expected<std::vector<customer_address>, store_error>
pg_addresses::list(const std::string& customer_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    std::vector<customer_address> out;
    for (auto r :
         tx.exec_params(std::string{"SELECT "} + columns
                          + " FROM customer_addresses WHERE"
                            " customer_id = $1 ORDER BY created_at, id",
                        customer_id))
      out.push_back(to_address(r));
    return out;
  });
}

expected<std::optional<customer_address>, store_error>
pg_addresses::add(const customer_address& a) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<customer_address> {
      pqxx::work tx{c};
      // The customer's row lock queues concurrent adds for one customer, so
      // the count below sees every address committed before this one and
      // two adds can never both take the last place.
      tx.exec_params("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE",
                     a.customer_id);
      clear_defaults(tx, a);
      auto& p = a.postal;
      auto rows = tx.exec_params(
        std::string{"INSERT INTO customer_addresses (id, customer_id,"
                    " address_name, is_default_shipping, is_default_billing,"
                    " first_name, last_name, company, address_1, address_2,"
                    " city, province, postal_code, country_code, phone)"
                    " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                    " $12, $13, $14, $15 WHERE (SELECT count(*) FROM"
                    " customer_addresses WHERE customer_id = $2) < $16"
                    " RETURNING "}
          + columns,
        a.id, a.customer_id, a.address_name, a.is_default_shipping,
        a.is_default_billing, p.first_name, p.last_name, p.company, p.address_1,
        p.address_2, p.city, p.province, p.postal_code, p.country_code, p.phone,
        max_addresses_per_customer);
      if (rows.empty())
        return std::nullopt; // full; the rollback keeps the old defaults
      auto added = to_address(rows[0]);
      tx.commit();
      return added;
    });
}

expected<std::optional<customer_address>, store_error>
pg_addresses::update(const std::string& customer_id, const std::string& id,
                     const address_patch& patch) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<customer_address> {
      pqxx::work tx{c};
      auto rows = tx.exec_params(std::string{"SELECT "} + columns
                                   + " FROM customer_addresses WHERE id = $1"
                                     " AND customer_id = $2 FOR UPDATE",
                                 id, customer_id);
      if (rows.empty())
        return std::nullopt;
      auto a = to_address(rows[0]);
      apply(patch, a);
      clear_defaults(tx, a);
      auto& p = a.postal;
      auto row = tx.exec_params1(
        std::string{"UPDATE customer_addresses SET address_name = $3,"
                    " is_default_shipping = $4, is_default_billing = $5,"
                    " first_name = $6, last_name = $7, company = $8,"
                    " address_1 = $9, address_2 = $10, city = $11,"
                    " province = $12, postal_code = $13, country_code = $14,"
                    " phone = $15, updated_at = now()"
                    " WHERE id = $1 AND customer_id = $2 RETURNING "}
          + columns,
        id, customer_id, a.address_name, a.is_default_shipping,
        a.is_default_billing, p.first_name, p.last_name, p.company, p.address_1,
        p.address_2, p.city, p.province, p.postal_code, p.country_code,
        p.phone);
      auto updated = to_address(row);
      tx.commit();
      return updated;
    });
}

expected<bool, store_error> pg_addresses::remove(const std::string& customer_id,
                                                 const std::string& id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("DELETE FROM customer_addresses WHERE id = $1"
                           " AND customer_id = $2 RETURNING 1",
                           id, customer_id)
              .empty();
  });
}

} // namespace souk
