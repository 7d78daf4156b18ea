#include "persistence/pg_accounts.hpp"

namespace souk {

namespace {

constexpr auto identity_columns
  = "id, actor_type, email, password_hash, actor_id";
constexpr auto customer_columns
  = "id, email, first_name, last_name, phone,"
    " (extract(epoch from created_at) * 1000)::bigint,"
    " (extract(epoch from updated_at) * 1000)::bigint";

auth_identity to_identity(const pqxx::row& r) {
  return {r[0].as<std::string>(), r[1].as<std::string>(),
          r[2].as<std::string>(), r[3].as<std::string>(),
          r[4].as<std::string>()};
}

customer_record to_customer(const pqxx::row& r) {
  return {r[0].as<std::string>(), r[1].as<std::string>(),
          r[2].as<std::string>(), r[3].as<std::string>(),
          r[4].as<std::string>(), r[5].as<std::int64_t>(),
          r[6].as<std::int64_t>()};
}

} // namespace

pg_accounts::pg_accounts(std::string conninfo) : session_(std::move(conninfo)) {
  // nop
}

expected<bool, store_error> pg_accounts::add_identity(const auth_identity& i) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("INSERT INTO auth_identities (id, actor_type, email,"
                          " password_hash, actor_id) VALUES ($1, $2, $3, $4,"
                          " $5) ON CONFLICT DO NOTHING RETURNING 1",
                          i.id, i.actor_type, i.email, i.password_hash,
                          i.actor_id)
             .size()
           == 1;
  });
}

expected<std::optional<auth_identity>, store_error>
pg_accounts::find_identity(const std::string& actor_type,
                           const std::string& email) {
  return session_.run([&](pqxx::connection& c) -> std::optional<auth_identity> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(std::string{"SELECT "} + identity_columns
                                 + " FROM auth_identities WHERE actor_type = $1"
                                   " AND email = $2",
                               actor_type, email);
    if (rows.empty())
      return std::nullopt;
    return to_identity(rows[0]);
  });
}

expected<std::optional<auth_identity>, store_error>
pg_accounts::find_identity_by_id(const std::string& id) {
  return session_.run([&](pqxx::connection& c) -> std::optional<auth_identity> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params(std::string{"SELECT "} + identity_columns
                                 + " FROM auth_identities WHERE id = $1",
                               id);
    if (rows.empty())
      return std::nullopt;
    return to_identity(rows[0]);
  });
}

expected<bool, store_error>
pg_accounts::add_verification(const email_verification& v,
                              const std::string& code_hash,
                              std::int64_t max_open) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::work tx{c};
    // One request at a time per identity, so the bound holds.
    tx.exec_params("SELECT 1 FROM auth_identities WHERE id = $1 FOR UPDATE",
                   v.auth_identity_id);
    auto open
      = tx.exec_params1("SELECT count(*) FROM email_verifications"
                        " WHERE auth_identity_id = $1 AND confirmed_at IS NULL"
                        " AND expires_at > now()",
                        v.auth_identity_id)[0]
          .as<std::int64_t>();
    if (open >= max_open)
      return false;
    tx.exec_params("INSERT INTO email_verifications (code_hash, id,"
                   " auth_identity_id, email, expires_at) VALUES"
                   " (decode($1, 'hex'), $2, $3, $4,"
                   " to_timestamp($5::bigint / 1000.0))",
                   code_hash, v.id, v.auth_identity_id, v.email, v.expires_at);
    tx.commit();
    return true;
  });
}

expected<std::optional<email_verification>, store_error>
pg_accounts::confirm_verification(const std::string& code_hash) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<email_verification> {
      pqxx::work tx{c};
      auto rows = tx.exec_params(
        "UPDATE email_verifications SET confirmed_at = now()"
        " WHERE code_hash = decode($1, 'hex') AND confirmed_at IS NULL"
        " AND expires_at > now() RETURNING id, auth_identity_id, email,"
        " (extract(epoch FROM expires_at) * 1000)::bigint,"
        " (extract(epoch FROM confirmed_at) * 1000)::bigint",
        code_hash);
      if (rows.empty())
        return std::nullopt;
      email_verification v{
        rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
        rows[0][2].as<std::string>(), rows[0][3].as<std::int64_t>(),
        rows[0][4].as<std::int64_t>()};
      // The address verified is the one the code was mailed to.
      tx.exec_params("UPDATE auth_identities SET email_verified_at = now()"
                     " WHERE id = $1 AND email = $2",
                     v.auth_identity_id, v.email);
      tx.commit();
      return v;
    });
}

expected<bool, store_error>
pg_accounts::user_active(const std::string& user_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("SELECT 1 FROM users WHERE id = $1"
                           " AND disabled_at IS NULL",
                           user_id)
              .empty();
  });
}

expected<std::optional<std::string>, store_error>
pg_accounts::user_email(const std::string& user_id) {
  return session_.run([&](pqxx::connection& c) -> std::optional<std::string> {
    pqxx::nontransaction tx{c};
    auto rows = tx.exec_params("SELECT email FROM users WHERE id = $1"
                               " AND disabled_at IS NULL",
                               user_id);
    if (rows.empty())
      return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

expected<std::vector<admin_user>, store_error>
pg_accounts::active_users(std::size_t limit) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    std::vector<admin_user> out;
    for (auto row : tx.exec_params(
           "SELECT id, email, first_name, last_name FROM users WHERE "
           "disabled_at IS NULL ORDER BY email LIMIT $1",
           static_cast<std::int64_t>(limit)))
      out.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                     row[2].as<std::string>(), row[3].as<std::string>()});
    return out;
  });
}

expected<bool, store_error>
pg_accounts::disable_user(const std::string& email) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("UPDATE users SET disabled_at = now() WHERE email"
                           " = $1 AND disabled_at IS NULL RETURNING 1",
                           email)
              .empty();
  });
}

expected<bool, store_error>
pg_accounts::add_customer(const customer_record& cus,
                          const std::string& identity_id) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::work tx{c};
    auto added = tx.exec_params("INSERT INTO customers (id, email, first_name,"
                                " last_name, phone) VALUES ($1, $2, $3, $4, $5)"
                                " ON CONFLICT DO NOTHING RETURNING 1",
                                cus.id, cus.email, cus.first_name,
                                cus.last_name, cus.phone);
    if (added.empty())
      return false;
    tx.exec_params("UPDATE auth_identities SET actor_id = $1 WHERE id = $2",
                   cus.id, identity_id);
    tx.commit();
    return true;
  });
}

expected<std::optional<customer_record>, store_error>
pg_accounts::find_customer(const std::string& id) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<customer_record> {
      pqxx::nontransaction tx{c};
      auto rows = tx.exec_params(std::string{"SELECT "} + customer_columns
                                   + " FROM customers WHERE id = $1",
                                 id);
      if (rows.empty())
        return std::nullopt;
      return to_customer(rows[0]);
    });
}

expected<std::optional<customer_record>, store_error>
pg_accounts::update_customer(const std::string& id, const customer_patch& p) {
  return session_.run(
    [&](pqxx::connection& c) -> std::optional<customer_record> {
      pqxx::nontransaction tx{c};
      // NULL keeps a field as it is.
      auto rows = tx.exec_params(
        std::string{"UPDATE customers SET"
                    " first_name = coalesce($2, first_name),"
                    " last_name = coalesce($3, last_name),"
                    " phone = coalesce($4, phone), updated_at = now()"
                    " WHERE id = $1 RETURNING "}
          + customer_columns,
        id, p.first_name, p.last_name, p.phone);
      if (rows.empty())
        return std::nullopt;
      return to_customer(rows[0]);
    });
}

expected<bool, store_error> pg_accounts::add_user(const std::string& user_id,
                                                  const auth_identity& i) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::work tx{c};
    auto added = tx.exec_params("INSERT INTO users (id, email) VALUES ($1, $2)"
                                " ON CONFLICT DO NOTHING RETURNING 1",
                                user_id, i.email);
    if (added.empty())
      return false;
    tx.exec_params("INSERT INTO auth_identities (id, actor_type, email,"
                   " password_hash, actor_id) VALUES ($1, 'user', $2, $3, $4)",
                   i.id, i.email, i.password_hash, user_id);
    tx.commit();
    return true;
  });
}

expected<std::int64_t, store_error> pg_accounts::applied_migrations() {
  return session_.run([](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec1("SELECT count(*) FROM schema_migrations")[0]
      .as<std::int64_t>();
  });
}

} // namespace souk
