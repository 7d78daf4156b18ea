#include "persistence/pg_notification_log.hpp"

namespace souk {

namespace {

template <class T>
expected<T, std::string> plain(expected<T, store_error> r) {
  if (!r)
    return r.error().message;
  return std::move(*r);
}

} // namespace

pg_notification_log::pg_notification_log(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

expected<bool, std::string> pg_notification_log::sent(const std::string& id) {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return !tx.exec_params("SELECT 1 FROM notifications WHERE id = $1", id)
              .empty();
  }));
}

expected<bool, std::string>
pg_notification_log::record(const notifications::notification& n,
                            std::string_view provider) {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("INSERT INTO notifications (id, cause, recipient,"
                          " subject, body, provider) VALUES ($1, $2, $3, $4,"
                          " $5, $6) ON CONFLICT (id) DO NOTHING RETURNING 1",
                          n.id, n.cause, n.to, n.subject, n.body,
                          std::string{provider})
             .size()
           == 1;
  }));
}

} // namespace souk
