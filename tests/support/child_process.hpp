#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace souk::test {

/// A child process whose stdout and stderr are collected, for tests that
/// run the souk binary.
class child_process {
public:
  /// Starts `argv` with the current environment plus `env`.
  child_process(std::vector<std::string> argv,
                std::map<std::string, std::string> env = {});

  /// Kills the child if it still runs.
  ~child_process();

  /// Waits until the output contains `text`; false on timeout or exit.
  bool wait_for_output(const std::string& text,
                       std::chrono::milliseconds timeout);

  /// Waits for the exit code; nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  void signal(int sig);

  std::string output();
  pid_t pid() const noexcept { return pid_; }

private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::optional<int> status_;
  std::mutex mtx_;
  std::string output_;
  std::thread reader_;
};

} // namespace souk::test
