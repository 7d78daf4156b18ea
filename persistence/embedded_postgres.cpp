#include "persistence/embedded_postgres.hpp"

#include <fstream>
#include <functional>
#include <sstream>
#include <unistd.h>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace souk {

namespace fs = std::filesystem;

namespace {

constexpr const char* superuser = "souk";
constexpr int port = 5432; // names the socket file only: no TCP listener

// sockaddr_un holds 108 bytes; the socket file is "<dir>/.s.PGSQL.5432".
constexpr size_t max_socket_dir = 90;

std::string tail(const std::string& text, size_t lines) {
  size_t pos = text.size();
  while (lines-- > 0 && pos > 0) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) {
      pos = 0;
      break;
    }
  }
  auto out = text.substr(pos);
  for (auto& c : out)
    if (c == '\n')
      c = ' ';
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in{path};
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

} // namespace

std::string find_postgres_bin_dir() {
  std::string best;
  int best_version = -1;
  std::error_code ec;
  for (auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    auto name = entry.path().filename().string();
    int version = std::atoi(name.c_str());
    if (version > best_version && fs::exists(entry.path() / "bin" / "pg_ctl")) {
      best_version = version;
      best = (entry.path() / "bin").string();
    }
  }
  return best;
}

embedded_postgres::embedded_postgres(embedded_postgres_options opts)
  : opts_(std::move(opts)) {
  // nop
}

expected<std::unique_ptr<embedded_postgres>, std::string>
embedded_postgres::start(embedded_postgres_options opts) {
  if (opts.bin_dir.empty())
    opts.bin_dir = find_postgres_bin_dir();
  if (opts.bin_dir.empty() || !fs::exists(fs::path{opts.bin_dir} / "pg_ctl"))
    return std::string{"PostgreSQL server binaries not found (install "
                       "postgresql-15 or set --pg-bin-dir)"};
  std::error_code ec;
  fs::create_directories(opts.data_dir, ec);
  opts.data_dir = fs::absolute(opts.data_dir).lexically_normal();
  if (opts.data_dir.string().find('\'') != std::string::npos)
    return std::string{"data directory must not contain a quote: "}
           + opts.data_dir.string();
  std::unique_ptr<embedded_postgres> pg{new embedded_postgres(opts)};
  for (auto step :
       {&embedded_postgres::prepare_directory, &embedded_postgres::init_cluster,
        &embedded_postgres::start_server,
        &embedded_postgres::create_database}) {
    auto ok = std::invoke(step, *pg);
    if (!ok)
      return ok.error();
  }
  return pg;
}

embedded_postgres::~embedded_postgres() {
  if (running()) {
    auto ok = stop(stop_mode::fast);
    if (!ok)
      spdlog::warn("embedded PostgreSQL did not stop: {}", ok.error());
  }
}

std::string embedded_postgres::conninfo(const std::string& dbname) const {
  return "host=" + socket_dir_.string() + " port=" + std::to_string(port)
         + " user=" + superuser + " dbname=" + dbname;
}

process_result
embedded_postgres::pg(const std::string& tool,
                      const std::vector<std::string>& args) const {
  std::vector<std::string> argv{(fs::path{opts_.bin_dir} / tool).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, user_);
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to an
// unprivileged user, who must be able to reach the directory.
expected<bool, std::string> embedded_postgres::prepare_directory() {
  auto& dir = opts_.data_dir;
  socket_dir_ = dir;
  if (socket_dir_.string().size() > max_socket_dir)
    socket_dir_
      = fs::temp_directory_path()
        / ("souk-pg-" + std::to_string(std::hash<std::string>{}(dir.string())));
  if (geteuid() != 0)
    return true;
  user_ = find_system_user(opts_.run_as);
  if (!user_)
    return "system user '" + opts_.run_as
           + "' not found (it comes with the postgresql package; or set "
             "--pg-user)";
  std::error_code ec;
  fs::create_directories(socket_dir_, ec);
  for (auto& d : {dir, socket_dir_}) {
    if (chown(d.c_str(), user_->uid, user_->gid) != 0)
      return "cannot hand " + d.string() + " to user " + user_->name;
    fs::permissions(d, fs::perms::owner_all, ec);
  }
  // Let the cluster's user traverse (not list) the ancestors, e.g. /root.
  for (auto p = dir.parent_path(); p != p.root_path(); p = p.parent_path()) {
    auto perms = fs::status(p).permissions();
    if ((perms & fs::perms::others_exec) == fs::perms::none) {
      auto r = run_process(
        {"/usr/bin/setfacl", "-m", "u:" + user_->name + ":x", p.string()},
        std::nullopt);
      if (r.exit_code != 0)
        return "user " + user_->name + " cannot reach " + dir.string()
               + " (no search permission on " + p.string()
               + "); choose another --data-dir";
      spdlog::info("granted {} search permission on {}", user_->name,
                   p.string());
    }
  }
  return true;
}

expected<bool, std::string> embedded_postgres::init_cluster() {
  if (fs::exists(opts_.data_dir / "PG_VERSION"))
    return true;
  spdlog::info("initialising PostgreSQL cluster in {}",
               opts_.data_dir.string());
  std::vector<std::string> args{"-D",        opts_.data_dir.string(),
                                "-U",        superuser,
                                "-A",        "trust",
                                "-E",        "UTF8",
                                "--locale=C"};
  if (opts_.fast_init)
    args.push_back("--no-sync");
  auto r = pg("initdb", args);
  if (r.exit_code != 0)
    return "initdb failed: " + tail(r.output, 3);
  // Settings that belong to the cluster, whatever starts it. TCP stays off.
  std::ofstream conf{opts_.data_dir / "postgresql.conf", std::ios::app};
  conf << "\n# souk embedded cluster\n"
          "listen_addresses = ''\n"
          "unix_socket_permissions = 0700\n"
          "max_connections = 200\n"
          "timezone = 'UTC'\n"
          "log_timezone = 'UTC'\n";
  if (!conf)
    return std::string{"cannot write postgresql.conf"};
  return true;
}

bool embedded_postgres::running() const {
  return pg("pg_ctl", {"status", "-D", opts_.data_dir.string()}).exit_code == 0;
}

expected<bool, std::string> embedded_postgres::start_server() {
  if (running()) {
    spdlog::info("adopting PostgreSQL already running in {}",
                 opts_.data_dir.string());
    return true;
  }
  auto log = opts_.data_dir / "server.log";
  auto r = pg("pg_ctl",
              {"start", "-D", opts_.data_dir.string(), "-l", log.string(), "-w",
               "-t", "60", "-o", "-k '" + socket_dir_.string() + "'"});
  if (r.exit_code != 0)
    return "PostgreSQL did not start: " + tail(read_file(log), 3);
  return true;
}

expected<bool, std::string> embedded_postgres::create_database() {
  try {
    pqxx::connection conn{conninfo("postgres")};
    pqxx::nontransaction tx{conn};
    auto rows
      = tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", "souk");
    if (rows.empty())
      tx.exec0("CREATE DATABASE souk");
    return true;
  } catch (const std::exception& e) {
    return std::string{"cannot create database souk: "} + e.what();
  }
}

expected<bool, std::string> embedded_postgres::stop(stop_mode mode) {
  const char* m = mode == stop_mode::smart  ? "smart"
                  : mode == stop_mode::fast ? "fast"
                                            : "immediate";
  auto r = pg("pg_ctl", {"stop", "-D", opts_.data_dir.string(), "-m", m, "-w",
                         "-t", "60"});
  if (r.exit_code != 0)
    return "pg_ctl stop failed: " + tail(r.output, 2);
  return true;
}

expected<bool, std::string> embedded_postgres::restart_stopped() {
  return start_server();
}

} // namespace souk
