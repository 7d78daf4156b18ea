#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "actors/runtime/expected.hpp"
#include "persistence/process.hpp"

namespace souk {

/// How to set up the embedded cluster.
struct embedded_postgres_options {
  /// The cluster's directory; created and initdb'ed when empty.
  std::filesystem::path data_dir;
  /// Directory of initdb and pg_ctl; empty means the newest
  /// /usr/lib/postgresql/*/bin.
  std::string bin_dir;
  /// User that runs the cluster when souk runs as root (PostgreSQL refuses
  /// to run as root).
  std::string run_as = "postgres";
  /// Skip initdb's fsync: for throw-away test clusters only.
  bool fast_init = false;
};

/// A private PostgreSQL cluster in a directory of ours, reachable only
/// through a Unix socket (no TCP port to clash with). The socket lives in
/// the cluster's directory, or, when that path is too long for a socket,
/// in a new directory under the temp directory made with mkdtemp (mode
/// 0700, the cluster's user's) and removed after the server stops. The
/// first start runs initdb; later starts reuse the directory, and a server
/// that is still running there (souk was killed) is adopted. A cluster
/// directory in a place anyone can write to (say /tmp) is refused when it
/// is a symbolic link or belongs to another user: someone could have made
/// it first. Blocking: call it from start-up code, never from CAF or Beast
/// threads.
class embedded_postgres {
public:
  /// Initialises if needed and starts the cluster, or fails with a one-line
  /// reason (with the tail of the server log when the server would not
  /// start).
  static expected<std::unique_ptr<embedded_postgres>, std::string>
  start(embedded_postgres_options opts);

  /// Stops the server (fast mode) if it is running.
  ~embedded_postgres();

  embedded_postgres(const embedded_postgres&) = delete;
  embedded_postgres& operator=(const embedded_postgres&) = delete;

  /// libpq keyword/value string for the `souk` database.
  std::string conninfo(const std::string& dbname = "souk") const;

  enum class stop_mode { smart, fast, immediate };

  /// `pg_ctl stop -m <mode>`; immediate is a crash (recovery on next start).
  expected<bool, std::string> stop(stop_mode mode = stop_mode::fast);

  /// Starts the server again after `stop`.
  expected<bool, std::string> restart_stopped();

  /// True while the process named in postmaster.pid is alive and not a
  /// zombie (`pg_ctl status` would call a zombie alive). Starts no process:
  /// cheap enough to ask several times a second.
  bool running() const;

  const std::filesystem::path& data_dir() const noexcept {
    return opts_.data_dir;
  }

  /// The directory of the server's Unix socket (libpq's `host`).
  const std::filesystem::path& socket_dir() const noexcept {
    return socket_dir_;
  }

private:
  explicit embedded_postgres(embedded_postgres_options opts);

  expected<bool, std::string> prepare_directory();
  expected<bool, std::string> init_cluster();
  expected<bool, std::string> start_server();
  expected<bool, std::string> create_database();
  expected<bool, std::string> adopt_socket_dir();
  uid_t cluster_uid() const;
  process_result pg(const std::string& tool,
                    const std::vector<std::string>& args) const;

  embedded_postgres_options opts_;
  std::filesystem::path socket_dir_;
  /// The socket is in a temp directory of ours, not in `data_dir`.
  bool temp_socket_dir_ = false;
  std::optional<system_user> user_;
};

/// The newest /usr/lib/postgresql/<n>/bin that has pg_ctl, or empty.
std::string find_postgres_bin_dir();

/// Nothing when `dir` is a directory of its own (lstat: not a symbolic
/// link), owned by `owner`, with permission bits exactly `mode`; otherwise
/// a one-line reason naming it.
std::optional<std::string>
check_private_directory(const std::filesystem::path& dir, uid_t owner,
                        mode_t mode = 0700);

/// A new directory `<temp dir>/<prefix>XXXXXX` (mkdtemp: a name nobody
/// could have taken first, mode 0700), handed to `owner` when given and
/// checked with `check_private_directory`; its path, or why not.
expected<std::filesystem::path, std::string>
make_private_temp_directory(const std::string& prefix,
                            const std::optional<system_user>& owner);

} // namespace souk
