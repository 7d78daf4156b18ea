#include "persistence/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace souk {

std::optional<system_user> find_system_user(const std::string& name) {
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0
      || found == nullptr)
    return std::nullopt;
  return system_user{name, pw.pw_uid, pw.pw_gid};
}

process_result run_process(const std::vector<std::string>& argv,
                           const std::optional<system_user>& as) {
  process_result result;
  int out = memfd_create("souk-child-output", MFD_CLOEXEC);
  if (out < 0) {
    result.output = std::string{"memfd_create: "} + std::strerror(errno);
    return result;
  }
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    result.output = std::string{"fork: "} + std::strerror(errno);
    close(out);
    return result;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec. The parent may have
    // blocked SIGINT/SIGTERM for sigwait; the child must not inherit that.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
      dup2(devnull, 0);
    dup2(out, 1);
    dup2(out, 2);
    if (as) {
      gid_t gid = as->gid;
      if (setgroups(1, &gid) != 0 || setgid(as->gid) != 0
          || setuid(as->uid) != 0 || chdir("/") != 0)
        _exit(126);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    // retry
  }
  if (WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  lseek(out, 0, SEEK_SET);
  char buf[4096];
  for (ssize_t n; (n = read(out, buf, sizeof(buf))) > 0;)
    result.output.append(buf, static_cast<size_t>(n));
  close(out);
  if (result.exit_code == 126)
    result.output += "(could not switch to user " + (as ? as->name : "") + ")";
  else if (result.exit_code == 127)
    result.output += "(could not run " + argv[0] + ")";
  return result;
}

} // namespace souk
