#include "persistence/postgres.hpp"

#include "persistence/migrations.hpp"
#include "persistence/pg_accounts.hpp"
#include "persistence/pg_addresses.hpp"
#include "persistence/pg_connect.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "persistence/pg_notification_log.hpp"
#include "persistence/pg_order_list.hpp"
#include "persistence/pg_session.hpp"
#include "persistence/pg_ticket_files.hpp"
#include "persistence/pg_ticket_list.hpp"

namespace souk {

namespace {

class pg_feed_stats final : public feed_stats_port {
public:
  explicit pg_feed_stats(std::string conninfo) : session_(std::move(conninfo)) {
    // nop
  }

  expected<std::int64_t, store_error> feed_head() override {
    return session_.run([](pqxx::connection& c) {
      return pqxx::nontransaction{c}
        .exec1("SELECT coalesce(max(position), 0) FROM events")[0]
        .as<std::int64_t>();
    });
  }

  expected<workflow_counts, store_error> execution_counts() override {
    return session_.run(read_workflow_counts);
  }

private:
  pg_session session_;
};

// A projection handler over `project`, with one connection of its own.
std::function<void(const recorded_event&)>
projection(std::string conninfo,
           void (*project)(pqxx::connection&, const recorded_event&)) {
  // Shared: std::function copies its target, and every copy should keep
  // using the one connection.
  auto conn = std::make_shared<std::unique_ptr<pqxx::connection>>();
  return
    [conninfo = std::move(conninfo), conn, project](const recorded_event& ev) {
      auto& c = *conn;
      if (!c || !c->is_open())
        c = pg_connect(conninfo);
      project(*c, ev);
    };
}

} // namespace

expected<std::vector<std::string>, std::string>
migrate_database(const std::string& conninfo,
                 const std::vector<migration_file>& files) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = pg_connect(conninfo);
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    return "cannot connect to " + redact_conninfo(conninfo) + ": " + why;
  }
  return migrate(*conn, files);
}

std::unique_ptr<accounts_port> open_accounts(const std::string& conninfo) {
  return std::make_unique<pg_accounts>(conninfo);
}

std::unique_ptr<addresses_port> open_addresses(const std::string& conninfo) {
  return std::make_unique<pg_addresses>(conninfo);
}

std::unique_ptr<order_list_port> open_order_list(const std::string& conninfo) {
  return std::make_unique<pg_order_list>(conninfo);
}

std::unique_ptr<ticket_list_port>
open_ticket_list(const std::string& conninfo) {
  return std::make_unique<pg_ticket_list>(conninfo);
}

std::unique_ptr<ticket_files_port>
open_ticket_files(const std::string& conninfo) {
  return std::make_unique<pg_ticket_files>(conninfo);
}

std::unique_ptr<feed_stats_port> open_feed_stats(const std::string& conninfo) {
  return std::make_unique<pg_feed_stats>(conninfo);
}

std::unique_ptr<stream_reader> open_stream_reader(const std::string& conninfo) {
  return std::make_unique<pg_event_store>(conninfo);
}

std::unique_ptr<feed_reader> open_feed_reader(const std::string& conninfo) {
  return std::make_unique<pg_event_store>(conninfo);
}

std::unique_ptr<workflows::execution_index>
open_execution_index(const std::string& conninfo) {
  return std::make_unique<pg_execution_index>(conninfo);
}

std::shared_ptr<notifications::notification_log>
open_notification_log(const std::string& conninfo) {
  return std::make_shared<pg_notification_log>(conninfo);
}

std::function<void(const recorded_event&)>
order_list_projection(std::string conninfo) {
  return projection(std::move(conninfo), project_order_event);
}

std::function<void(const recorded_event&)>
ticket_list_projection(std::string conninfo) {
  return projection(std::move(conninfo), project_ticket_event);
}

} // namespace souk
