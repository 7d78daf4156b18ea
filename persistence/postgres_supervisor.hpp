#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "persistence/embedded_postgres.hpp"

namespace souk {

/// Brings back the embedded cluster souk launched when its postmaster dies
/// (the OOM killer, a stray kill -9): PostgreSQL's crash recovery replays
/// the WAL on start, and the writer, the pools and the subscribers
/// reconnect on their own. Until it is back, requests that need the
/// database are answered 503. A deliberate stop goes through souk's own
/// shutdown, which ends the supervisor first.
class postgres_supervisor {
public:
  explicit postgres_supervisor(embedded_postgres& pg,
                               std::chrono::milliseconds interval
                               = std::chrono::milliseconds{200});

  /// Stops watching; leaves the cluster as it is.
  ~postgres_supervisor();

  postgres_supervisor(const postgres_supervisor&) = delete;
  postgres_supervisor& operator=(const postgres_supervisor&) = delete;

  /// Times the cluster was found dead and started again.
  std::uint64_t restarts() const noexcept { return restarts_.load(); }

private:
  void run();

  embedded_postgres& pg_;
  std::chrono::milliseconds interval_;
  std::atomic<std::uint64_t> restarts_{0};
  std::mutex mtx_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace souk
