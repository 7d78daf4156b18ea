#include "http/app.hpp"

#include <csignal>
#include <iostream>

#include <spdlog/spdlog.h>

#include "actors/notifications/notifier.hpp"
#include "actors/notifications/smtp_provider.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "http/http_server.hpp"
#include "http/routes.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/migrations.hpp"
#include "persistence/pg_connect.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "persistence/pg_notification_log.hpp"

namespace souk {

namespace {

constexpr int connect_timeout_seconds = 5;

struct database {
  std::unique_ptr<embedded_postgres> embedded; // null with DATABASE_URL
  std::string conninfo;
};

expected<database, std::string> open_database(const database_config& cfg) {
  if (!cfg.url.empty())
    return database{nullptr,
                    with_connect_timeout(cfg.url, connect_timeout_seconds)};
  auto pg = embedded_postgres::start(
    {std::filesystem::path{cfg.data_dir} / "pg", cfg.pg_bin_dir, cfg.pg_user});
  if (!pg)
    return "embedded PostgreSQL: " + pg.error();
  auto conninfo = (*pg)->conninfo();
  return database{std::move(*pg), conninfo};
}

expected<std::vector<std::string>, std::string>
connect_and_migrate(const std::string& conninfo) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = pg_connect(conninfo);
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    return "cannot connect to " + redact_conninfo(conninfo) + ": " + why;
  }
  return migrate(*conn, embedded_migrations());
}

// The demo store's settings; issue #5 adds products, users and keys.
void seed_demo_store(group_commit_writer& writer) {
  new_event created{
    "store.created.v1",
    R"({"name":"souk demo store","default_currency_code":"eur",)"
    R"("region":{"name":"Germany","country_code":"de",)"
    R"("tax_rate_percent":19}})",
    {"", "", "system:seed"},
    ""};
  auto r = writer.append({"store-demo", no_stream, {created}});
  if (r)
    spdlog::info("seeded the demo store");
  else if (r.error().code != store_errc::version_conflict)
    spdlog::warn("demo seed failed: {}", r.error().message);
}

std::shared_ptr<notifications::notification_provider>
make_provider(const notifications_config& cfg) {
  if (cfg.provider == "local")
    return std::make_shared<notifications::local_provider>();
  notifications::smtp_options o;
  o.host = cfg.smtp_host;
  o.port = cfg.smtp_port;
  o.user = cfg.smtp_user;
  o.password = cfg.smtp_password;
  o.from = cfg.smtp_from;
  o.starttls = cfg.smtp_starttls;
  o.verify_tls = cfg.smtp_verify_tls;
  return std::make_shared<notifications::smtp_provider>(o);
}

/// The actors and what they share, stopped in reverse order of start.
struct runtime {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor reader;
  caf::actor appender;
  caf::actor index;
  caf::actor engine;
  std::shared_ptr<workflows::step_pool> steps;
  std::shared_ptr<notifications::notifier> notifier;

  ~runtime() {
    for (auto& a : {engine, index, appender, reader})
      if (a)
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

// The workflows souk runs. The commerce and ticket modules add theirs here
// (checkout, tickets per order item, customer e-mails), built on `rt`.
std::vector<workflows::workflow_definition> app_workflows(runtime&) {
  return {};
}

int serve(const config& cfg, const database& db) {
  group_commit_writer writer{{db.conninfo, cfg.event_store.batch_max,
                              cfg.event_store.queue_limit,
                              cfg.event_store.reconnect_timeout}};
  seed_demo_store(writer);
  auto writer_ptr = std::shared_ptr<group_commit_writer>(&writer, [](auto*) {});
  runtime rt;
  auto conninfo = db.conninfo;
  rt.reader = spawn_stream_reader(
    rt.sys, [conninfo] { return std::make_unique<pg_event_store>(conninfo); });
  rt.appender = spawn_append_bridge(rt.sys, writer_ptr);
  rt.index = workflows::spawn_execution_index(rt.sys, [conninfo] {
    return std::make_unique<pg_execution_index>(conninfo);
  });
  rt.steps = std::make_shared<workflows::step_pool>(
    static_cast<std::size_t>(cfg.workflows.step_threads));
  rt.notifier = std::make_shared<notifications::notifier>(
    make_provider(cfg.notifications),
    std::make_shared<pg_notification_log>(conninfo));
  auto set = workflows::make_workflow_set(app_workflows(rt));
  if (!set) {
    std::cerr << "souk: " << set.error() << "\n";
    return 1;
  }
  spdlog::info("workflows: {} defined; notifications: {}", set->size(),
               rt.notifier->provider());
  rt.engine = workflows::spawn_workflow_engine(
    rt.sys, std::move(*set), rt.reader, rt.appender, rt.index);
  std::unique_ptr<http_server> server;
  try {
    server = std::make_unique<http_server>(cfg.http, make_routes());
  } catch (const std::exception& e) {
    std::cerr << "souk: cannot listen on " << cfg.http.host << ":"
              << cfg.http.port << ": " << e.what() << "\n";
    return 1;
  }
  auto host = cfg.http.host == "127.0.0.1" || cfg.http.host == "0.0.0.0"
                ? std::string{"localhost"}
                : cfg.http.host;
  std::cout << "souk is serving http://" << host << ":" << server->port()
            << "\n  health:   http://" << host << ":" << server->port()
            << "/health\n  database: "
            << (db.embedded
                  ? "embedded PostgreSQL in " + db.embedded->data_dir().string()
                  : redact_conninfo(cfg.database.url))
            << "\n  demo:     store 'souk demo store' (stream store-demo)"
            << "\nPress Ctrl-C to stop." << std::endl;
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("received {}, shutting down",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  server->stop();
  return 0;
}

} // namespace

int souk_main(const std::vector<std::string>& args, const env_lookup& env) {
  auto inv = parse_invocation(args, env);
  if (!inv) {
    std::cerr << "souk: " << inv.error() << "\n";
    return 2;
  }
  if (inv->help) {
    std::cout << help_text();
    return 0;
  }
  if (inv->version) {
    std::cout << "souk 0.1.0\n";
    return 0;
  }
  const auto& cfg = inv->cfg;
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  // Block the stop signals in every thread we start; serve() waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto db = open_database(cfg.database);
  if (!db) {
    std::cerr << "souk: " << db.error() << "\n";
    return 1;
  }
  auto applied = connect_and_migrate(db->conninfo);
  if (!applied) {
    std::cerr << "souk: " << applied.error() << "\n";
    return 1;
  }
  if (inv->command == "migrate") {
    std::cout << "applied " << applied->size() << " migration(s)\n";
    return 0;
  }
  return serve(cfg, *db);
}

} // namespace souk
