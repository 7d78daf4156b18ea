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

expected<notifications::log_state, std::string>
pg_notification_log::state(const std::string& id) {
  using notifications::log_state;
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    auto r
      = tx.exec_params("SELECT state FROM notifications WHERE id = $1", id);
    if (r.empty())
      return log_state::none;
    return r[0][0].as<std::string>() == "sent" ? log_state::sent
                                               : log_state::claimed;
  }));
}

expected<bool, std::string>
pg_notification_log::claim(const notifications::notification& n,
                           std::string_view provider) {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("INSERT INTO notifications (id, cause, recipient,"
                          " subject, body, provider, state) VALUES ($1, $2,"
                          " $3, $4, $5, $6, 'claimed') ON CONFLICT (id) DO"
                          " NOTHING RETURNING 1",
                          n.id, n.cause, n.to, n.subject, n.body,
                          std::string{provider})
             .size()
           == 1;
  }));
}

expected<bool, std::string>
pg_notification_log::mark_sent(const std::string& id) {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("UPDATE notifications SET state = 'sent', sent_at ="
                          " now() WHERE id = $1 AND state = 'claimed'"
                          " RETURNING 1",
                          id)
             .size()
           == 1;
  }));
}

expected<bool, std::string>
pg_notification_log::release(const std::string& id) {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx.exec_params("DELETE FROM notifications WHERE id = $1 AND"
                          " state = 'claimed' RETURNING 1",
                          id)
             .size()
           == 1;
  }));
}

expected<std::int64_t, std::string> pg_notification_log::in_doubt() {
  std::lock_guard<std::mutex> guard{mtx_};
  return plain(session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return tx
      .exec1("SELECT count(*) FROM notifications WHERE state = 'claimed'")[0]
      .as<std::int64_t>();
  }));
}

} // namespace souk
