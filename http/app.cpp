#include "http/app.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "http/passwords.hpp"
#include "http/request.hpp"
#include "http/server_app.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/postgres.hpp"
#include "persistence/postgres_supervisor.hpp"

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

// Writes `text` to `file` so that only souk's user can read it, and
// atomically: into a new file beside it, made with O_CREAT|O_EXCL and mode
// 0600 (no earlier file, link or umask can widen that), synced, then
// renamed over `file` (which, if a link, is replaced, not followed). A
// reader sees the old content or the new, whole.
std::optional<std::string> write_private_file(const std::filesystem::path& file,
                                              std::string_view text) {
  auto tmp = file;
  tmp += ".tmp-" + random_hex(8);
  auto fail = [&](const char* what) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return "cannot " + std::string{what} + " " + file.string() + ": " + why;
  };
  int fd = ::open(tmp.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return "cannot create " + tmp.string() + ": " + std::strerror(errno);
  for (size_t done = 0; done < text.size();) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ::close(fd);
      return fail("write");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("sync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), file.c_str()) != 0)
    return fail("write");
  // The rename itself survives a crash once the directory is synced.
  auto dir = file.parent_path().empty() ? std::filesystem::path{"."}
                                        : file.parent_path();
  if (int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    ::fsync(d);
    ::close(d);
  }
  return std::nullopt;
}

// The content of a secret file souk made earlier; nullopt when there is
// none. Refused (an error) unless it is a regular file, not a symbolic
// link, owned by souk's user and neither readable nor writable by group or
// others: someone else could have read the secret, or planted their own.
expected<std::optional<std::string>, std::string>
read_private_file(const std::filesystem::path& file) {
  auto name = file.string();
  // O_NOFOLLOW: a symbolic link is refused, not followed; O_NONBLOCK: a
  // FIFO planted there does not hold the start-up.
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return std::optional<std::string>{};
    if (errno == ELOOP)
      return name
             + " is a symbolic link; refusing it (remove it and souk "
               "makes a new secret)";
    return "cannot read " + name + ": " + std::strerror(errno);
  }
  struct stat st {};
  std::optional<std::string> refused;
  char mode[8];
  if (::fstat(fd, &st) != 0)
    refused = "cannot read " + name + ": " + std::strerror(errno);
  else if (!S_ISREG(st.st_mode))
    refused = name + " is not a regular file; refusing it";
  else if (st.st_uid != ::geteuid())
    refused = name + " belongs to uid " + std::to_string(st.st_uid)
              + ", not to souk's user; refusing it";
  else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    std::snprintf(mode, sizeof mode, "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    refused = name + " is open to group or others (mode " + mode
              + "); refusing it: run chmod 600 on it, or remove it and souk "
                "makes a new secret";
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; !refused && (n = ::read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      refused = "cannot read " + name + ": " + std::strerror(errno);
    else
      text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (refused)
    return *refused;
  return std::optional<std::string>{std::move(text)};
}

struct signing_key {
  std::string value;
};

// The token-signing key: configured, or generated once (libsodium's
// randombytes) into <data-dir>/auth-secret, mode 0600, and reused.
expected<signing_key, std::string> auth_secret(const config& cfg) {
  if (!cfg.auth_secret.empty())
    return signing_key{cfg.auth_secret};
  std::error_code ec;
  std::filesystem::create_directories(cfg.database.data_dir, ec);
  auto file = std::filesystem::path{cfg.database.data_dir} / "auth-secret";
  auto existing = read_private_file(file);
  if (!existing)
    return existing.error();
  if (*existing) {
    auto secret = **existing;
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
      secret.pop_back();
    if (secret.size() < 32)
      return file.string()
             + " holds no usable secret (fewer than 32 characters); remove "
               "it and souk makes a new one";
    return signing_key{secret};
  }
  auto secret = random_hex();
  if (auto err = write_private_file(file, secret + "\n"))
    return *err;
  return signing_key{secret};
}

int serve(const config& cfg, const database& db) {
  // The cluster we launched is brought back if it dies under us; ended
  // after the app, before the cluster is stopped.
  std::optional<postgres_supervisor> supervisor;
  if (db.embedded)
    supervisor.emplace(*db.embedded);
  auto app = server_app::start(cfg, db.conninfo);
  if (!app) {
    std::cerr << "souk: " << app.error() << "\n";
    return 1;
  }
  // The demo store and its admin only when asked for: a real shop starts
  // empty, its first admin made with `souk user create`.
  std::optional<demo_store> demo;
  auto demo_file = std::filesystem::path{cfg.database.data_dir} / "demo.json";
  if (cfg.demo) {
    auto seeded = (*app)->seed_demo();
    if (!seeded) {
      std::cerr << "souk: " << seeded.error() << "\n";
      return 1;
    }
    demo = std::move(*seeded);
    if (demo->admin_password.empty()) // created by an earlier run: keep it
      demo->admin_password = previous_admin_password(demo_file);
    if (auto err = write_private_file(demo_file, to_json(*demo) + "\n")) {
      std::cerr << "souk: " << *err << "\n";
      return 1;
    }
  }
  auto port = (*app)->port();
  auto host = cfg.http.host == "127.0.0.1" || cfg.http.host == "0.0.0.0"
                ? std::string{"localhost"}
                : cfg.http.host;
  std::cout << "souk is serving http://" << host << ":" << port
            << "\n  health:   http://" << host << ":" << port
            << "/health\n  database: "
            << (db.embedded
                  ? "embedded PostgreSQL in " + db.embedded->data_dir().string()
                  : redact_conninfo(cfg.database.url));
  if (demo)
    std::cout << "\n  demo:     admin " << demo->admin_email << " / "
              << demo->admin_password << "\n            publishable key "
              << demo->publishable_key << "\n            region "
              << demo->region_id << " (" << demo_file.string() << ")";
  else
    std::cout << "\n  admin:    souk user create --email E --password P"
                 " (or serve --demo for a demo store)";
  std::cout << "\nPress Ctrl-C to stop." << std::endl;
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
    std::cout << help_text() << "\nmodules' commands:\n";
    for (auto& m : souk_modules())
      for (auto& c : m.commands)
        std::cout << "  " << c.name << "  " << c.help << "\n";
    return 0;
  }
  if (inv->version) {
    std::cout << "souk 0.1.0\n";
    return 0;
  }
  auto& cfg = inv->cfg;
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  // The signing key before anything starts: a refused secret file stops
  // souk here, with nothing initialised.
  if (inv->command == "serve") {
    auto secret = auth_secret(cfg);
    if (!secret) {
      std::cerr << "souk: " << secret.error() << "\n";
      return 1;
    }
    cfg.auth_secret = secret->value;
  }
  // Block the stop signals in every thread we start; serve() waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A module's command: known once the modules are.
  std::optional<module_command> module_cmd;
  bool core = inv->command == "serve" || inv->command == "migrate"
              || inv->command.rfind("user ", 0) == 0;
  auto modules = souk_modules();
  for (auto& m : modules)
    for (auto& c : m.commands)
      if (c.name == inv->command)
        module_cmd = c;
  if (!core && !module_cmd) {
    std::cerr << "souk: unknown command '" << inv->command
              << "' (see souk --help)\n";
    return 2;
  }
  // A command answers no requests: its tokens' key is throw-away.
  if (module_cmd && cfg.auth_secret.empty())
    cfg.auth_secret = random_hex();
  auto db = open_database(cfg.database);
  if (!db) {
    std::cerr << "souk: " << db.error() << "\n";
    return 1;
  }
  auto applied = migrate_database(db->conninfo, all_migrations(modules));
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
    auto done
      = open_accounts(db->conninfo)->disable_user(ascii_lower(inv->user_email));
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
  if (module_cmd) {
    // The runtime without the shop's traffic: a port of its own.
    auto own = cfg;
    own.http.port = 0;
    auto app = server_app::start(own, db->conninfo, std::move(modules));
    if (!app) {
      std::cerr << "souk: " << app.error() << "\n";
      return 1;
    }
    return module_cmd->run((*app)->svc(), db->conninfo, std::cout);
  }
  return serve(cfg, *db);
}

} // namespace souk
