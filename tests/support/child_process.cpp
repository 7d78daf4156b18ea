#include "tests/support/child_process.hpp"

#include <csignal>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace souk::test {

child_process::child_process(std::vector<std::string> argv,
                             std::map<std::string, std::string> env) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (!env.count(kv.substr(0, kv.find('='))))
      envs.push_back(kv);
  }
  for (auto& [k, v] : env)
    envs.push_back(k + "=" + v);
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : envs)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  out_ = fds[0];
  reader_ = std::thread([this] {
    char buf[4096];
    for (ssize_t n; (n = read(out_, buf, sizeof(buf))) > 0;) {
      std::lock_guard guard{mtx_};
      output_.append(buf, static_cast<size_t>(n));
    }
  });
}

child_process::~child_process() {
  if (!status_) {
    kill(pid_, SIGKILL);
    wait(std::chrono::seconds{10});
  }
  // The output pipe may be held open by a grandchild (PostgreSQL).
  if (reader_.joinable())
    reader_.detach();
}

bool child_process::wait_for_output(const std::string& text,
                                    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (output().find(text) != std::string::npos)
      return true;
    int st = 0;
    if (!status_ && waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return output().find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return false;
}

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_ && std::chrono::steady_clock::now() < deadline) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  if (status_ && reader_.joinable())
    reader_.join();
  return status_;
}

void child_process::signal(int sig) {
  kill(pid_, sig);
}

std::string child_process::output() {
  std::lock_guard guard{mtx_};
  return output_;
}

} // namespace souk::test
