#include "http/app.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "http/server_app.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/migrations.hpp"
#include "persistence/pg_connect.hpp"

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

int serve(const config& cfg, const database& db) {
  auto app = server_app::start(cfg, db.conninfo);
  if (!app) {
    std::cerr << "souk: " << app.error() << "\n";
    return 1;
  }
  auto demo = (*app)->seed_demo();
  if (!demo) {
    std::cerr << "souk: " << demo.error() << "\n";
    return 1;
  }
  auto demo_file = std::filesystem::path{cfg.database.data_dir} / "demo.json";
  std::error_code ec;
  std::filesystem::create_directories(cfg.database.data_dir, ec);
  std::ofstream{demo_file} << to_json(*demo) << "\n";
  auto port = (*app)->port();
  auto host = cfg.http.host == "127.0.0.1" || cfg.http.host == "0.0.0.0"
                ? std::string{"localhost"}
                : cfg.http.host;
  std::cout << "souk is serving http://" << host << ":" << port
            << "\n  health:   http://" << host << ":" << port
            << "/health\n  database: "
            << (db.embedded
                  ? "embedded PostgreSQL in " + db.embedded->data_dir().string()
                  : redact_conninfo(cfg.database.url))
            << "\n  demo:     publishable key " << demo->publishable_key
            << "\n            region " << demo->region_id << " (" << demo_file.string()
            << ")\nPress Ctrl-C to stop." << std::endl;
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("received {}, shutting down",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  app->reset();
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
