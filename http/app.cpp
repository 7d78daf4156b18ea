#include "http/app.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "http/passwords.hpp"
#include "http/request.hpp"
#include "http/server_app.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/migrations.hpp"
#include "persistence/pg_accounts.hpp"
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

// The admin password an earlier run wrote into demo.json ("" if none).
std::string previous_admin_password(const std::filesystem::path& file) {
  std::ifstream in{file};
  std::string text{std::istreambuf_iterator<char>{in}, {}};
  simdjson::ondemand::parser parser;
  simdjson::padded_string json{text};
  simdjson::ondemand::document doc;
  std::string_view pw;
  if (parser.iterate(json).get(doc)
      || doc["admin_password"].get_string().get(pw))
    return {};
  return std::string{pw};
}

// The token-signing key: configured, or generated once into the data
// directory (readable by souk's user only) and reused; nothing when it
// cannot be written.
std::optional<std::string> auth_secret(const config& cfg) {
  if (!cfg.auth_secret.empty())
    return cfg.auth_secret;
  std::error_code ec;
  std::filesystem::create_directories(cfg.database.data_dir, ec);
  auto file = std::filesystem::path{cfg.database.data_dir} / "auth-secret";
  std::ifstream in{file};
  std::string secret;
  if (in >> secret && secret.size() >= 32)
    return secret;
  secret = random_hex();
  std::ofstream out{file};
  if (!(out << secret << "\n"))
    return std::nullopt;
  std::filesystem::permissions(file, std::filesystem::perms::owner_read
                                       | std::filesystem::perms::owner_write);
  return secret;
}

int serve(config cfg, const database& db) {
  auto secret = auth_secret(cfg);
  if (!secret) {
    std::cerr << "souk: cannot write " << cfg.database.data_dir
              << "/auth-secret\n";
    return 1;
  }
  cfg.auth_secret = *secret;
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
  if (demo->admin_password.empty()) // created by an earlier run: keep it
    demo->admin_password = previous_admin_password(demo_file);
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
            << "\n  demo:     admin " << demo->admin_email << " / "
            << demo->admin_password << "\n            publishable key "
            << demo->publishable_key << "\n            region "
            << demo->region_id << " (" << demo_file.string()
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
  if (inv->command == "user create") {
    auto made = create_admin(db->conninfo, inv->user_email, inv->user_password);
    if (!made) {
      std::cerr << "souk: " << made.error() << "\n";
      return 1;
    }
    std::cout << "created admin user " << inv->user_email << "\n";
    return 0;
  }
  if (inv->command == "user disable") {
    auto done = pg_accounts{db->conninfo}.disable_user(
      ascii_lower(inv->user_email));
    if (!done) {
      std::cerr << "souk: " << done.error().message << "\n";
      return 1;
    }
    if (!*done) {
      std::cerr << "souk: no active admin user " << inv->user_email << "\n";
      return 1;
    }
    std::cout << "disabled admin user " << inv->user_email << "\n";
    return 0;
  }
  return serve(cfg, *db);
}

} // namespace souk
