#pragma once

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace souk {

/// A system user to run a child process as.
struct system_user {
  std::string name;
  uid_t uid;
  gid_t gid;
};

/// Looks up a user by name; nullopt when there is none.
std::optional<system_user> find_system_user(const std::string& name);

/// Exit status and merged stdout/stderr of a finished child.
struct process_result {
  int exit_code = -1;
  std::string output;
};

/// Runs `argv` (argv[0] an absolute path) and waits for it. When `as` is
/// given, the child drops to that user and starts in "/" (so relative paths
/// must not be passed). Output goes to an anonymous memory file, not a pipe:
/// a daemon the child leaves behind (pg_ctl's postmaster) cannot hold us up.
process_result run_process(const std::vector<std::string>& argv,
                           const std::optional<system_user>& as);

} // namespace souk
