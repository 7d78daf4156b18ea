#include "persistence/embedded_postgres.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/stat.h>
#include <thread>
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

std::string octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode));
  return buf;
}

// In a directory anyone may write to (mode o+w, like /tmp), a name we are
// about to use may already be taken: refuse `dir` there unless it is a
// real directory of ours (or of the cluster's user, who got it from an
// earlier run).
std::optional<std::string> check_not_planted(const fs::path& dir,
                                             std::vector<uid_t> owners) {
  struct stat parent {};
  if (::lstat(dir.parent_path().c_str(), &parent) != 0
      || (parent.st_mode & S_IWOTH) == 0)
    return std::nullopt;
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0)
    return "cannot inspect " + dir.string() + ": " + std::strerror(errno);
  auto where = dir.string() + " is in " + dir.parent_path().string()
               + ", where anyone can write, and ";
  if (S_ISLNK(st.st_mode))
    return where + "is a symbolic link; choose another --data-dir";
  if (!S_ISDIR(st.st_mode))
    return where + "is not a directory; choose another --data-dir";
  for (auto uid : owners)
    if (st.st_uid == uid)
      return std::nullopt;
  return where + "belongs to uid " + std::to_string(st.st_uid)
         + "; choose another --data-dir";
}

} // namespace

std::optional<std::string> check_private_directory(const fs::path& dir,
                                                   uid_t owner, mode_t mode) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0)
    return "cannot inspect " + dir.string() + ": " + std::strerror(errno);
  if (S_ISLNK(st.st_mode))
    return dir.string() + " is a symbolic link, not a directory of its own";
  if (!S_ISDIR(st.st_mode))
    return dir.string() + " is not a directory";
  if (st.st_uid != owner)
    return dir.string() + " belongs to uid " + std::to_string(st.st_uid)
           + ", not " + std::to_string(owner);
  if ((st.st_mode & 07777) != mode)
    return dir.string() + " has mode " + octal(st.st_mode & 07777) + ", not "
           + octal(mode);
  return std::nullopt;
}

expected<fs::path, std::string>
make_private_temp_directory(const std::string& prefix,
                            const std::optional<system_user>& owner) {
  std::error_code ec;
  auto base = fs::temp_directory_path(ec);
  if (ec)
    base = "/tmp";
  auto tmpl = (base / (prefix + "XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  if (!::mkdtemp(name.data()))
    return "cannot make a directory in " + base.string() + ": "
           + std::strerror(errno);
  fs::path dir{name.data()};
  auto fail = [&](std::string why) {
    ::rmdir(dir.c_str());
    return why;
  };
  if (owner) {
    // Through a descriptor of the directory just made, never its name.
    int fd
      = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    bool handed = fd >= 0 && ::fchown(fd, owner->uid, owner->gid) == 0;
    if (fd >= 0)
      ::close(fd);
    if (!handed)
      return fail("cannot hand " + dir.string() + " to user " + owner->name);
  }
  if (auto err = check_private_directory(dir, owner ? owner->uid : ::geteuid()))
    return fail(*err);
  return dir;
}

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
  // Removed only when empty: a server still running keeps its socket there.
  if (temp_socket_dir_ && !socket_dir_.empty())
    ::rmdir(socket_dir_.c_str());
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

uid_t embedded_postgres::cluster_uid() const {
  return user_ ? user_->uid : ::geteuid();
}

// PostgreSQL refuses to run as root, so as root the cluster belongs to an
// unprivileged user, who must be able to reach the directory.
expected<bool, std::string> embedded_postgres::prepare_directory() {
  auto& dir = opts_.data_dir;
  if (geteuid() == 0) {
    user_ = find_system_user(opts_.run_as);
    if (!user_)
      return "system user '" + opts_.run_as
             + "' not found (it comes with the postgresql package; or set "
               "--pg-user)";
  }
  if (auto err = check_not_planted(dir, {::geteuid(), cluster_uid()}))
    return *err;
  // A path too long for a socket: the socket goes to a temp directory,
  // made when the server starts (or learnt from the one running).
  temp_socket_dir_ = dir.string().size() > max_socket_dir;
  socket_dir_ = temp_socket_dir_ ? fs::path{} : dir;
  if (!user_)
    return true;
  std::error_code ec;
  if (chown(dir.c_str(), user_->uid, user_->gid) != 0)
    return "cannot hand " + dir.string() + " to user " + user_->name;
  fs::permissions(dir, fs::perms::owner_all, ec);
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

// The running server's socket directory is the fifth line of its
// postmaster.pid; it is used only if it is still private to the cluster's
// user.
expected<bool, std::string> embedded_postgres::adopt_socket_dir() {
  std::ifstream pidfile{opts_.data_dir / "postmaster.pid"};
  std::string line;
  int read = 0;
  while (read < 5 && std::getline(pidfile, line))
    ++read;
  if (read < 5 || line.empty() || line[0] != '/')
    return "cannot tell the socket directory of the PostgreSQL running in "
           + opts_.data_dir.string();
  if (auto err = check_private_directory(line, cluster_uid()))
    return "the PostgreSQL running in " + opts_.data_dir.string()
           + " has its socket in a directory that is not private: " + *err;
  socket_dir_ = line;
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
  std::ifstream pidfile{opts_.data_dir / "postmaster.pid"};
  long pid = 0;
  if (!(pidfile >> pid) || pid <= 0)
    return false;
  // A killed postmaster whose parent has not reaped it is a zombie, which
  // kill(pid, 0) would call alive: read its state instead.
  // A stale pid file's number may since name another process: it must be
  // a postgres.
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string line;
  if (!std::getline(stat, line))
    return false;
  auto open = line.find('('), close = line.rfind(')');
  return open != std::string::npos && close != std::string::npos
         && line.compare(open + 1, close - open - 1, "postgres") == 0
         && close + 2 < line.size() && line[close + 2] != 'Z'
         && line[close + 2] != 'X';
}

expected<bool, std::string> embedded_postgres::start_server() {
  if (running()) {
    if (temp_socket_dir_)
      if (auto ok = adopt_socket_dir(); !ok)
        return ok;
    spdlog::info("adopting PostgreSQL already running in {}",
                 opts_.data_dir.string());
    return true;
  }
  if (temp_socket_dir_
      && (socket_dir_.empty()
          || check_private_directory(socket_dir_, cluster_uid()))) {
    auto made = make_private_temp_directory("souk-pg-", user_);
    if (!made)
      return "socket directory: " + made.error();
    if (made->string().size() > max_socket_dir) {
      ::rmdir(made->c_str());
      return "socket directory " + made->string()
             + " is too long for a Unix socket (set TMPDIR to a shorter path)";
    }
    socket_dir_ = *made;
  }
  auto log = opts_.data_dir / "server.log";
  // A postmaster killed a moment ago (with souk, or by the OOM killer) may
  // not be reaped yet, and its backends may still hold its shared memory:
  // PostgreSQL refuses to start over either, rightly, so wait for them.
  // Its lock file stays: it is how PostgreSQL finds that shared memory.
  auto stale = std::chrono::steady_clock::now() + std::chrono::seconds{15};
  for (;;) {
    auto r = pg("pg_ctl",
                {"start", "-D", opts_.data_dir.string(), "-l", log.string(),
                 "-w", "-t", "60", "-o", "-k '" + socket_dir_.string() + "'"});
    if (r.exit_code == 0)
      return true;
    auto why = tail(read_file(log), 3);
    bool leftovers
      = why.find("postmaster.pid\" already exists") != std::string::npos
        || why.find("shared memory block is still in use") != std::string::npos;
    if (!leftovers || std::chrono::steady_clock::now() >= stale)
      return "PostgreSQL did not start: " + why;
    std::this_thread::sleep_for(std::chrono::milliseconds{250});
  }
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
