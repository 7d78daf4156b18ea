#include "persistence/postgres_supervisor.hpp"

#include <spdlog/spdlog.h>

namespace souk {

postgres_supervisor::postgres_supervisor(embedded_postgres& pg,
                                         std::chrono::milliseconds interval)
  : pg_(pg), interval_(interval), thread_([this] { run(); }) {
  // nop
}

postgres_supervisor::~postgres_supervisor() {
  {
    std::lock_guard guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void postgres_supervisor::run() {
  std::unique_lock lock{mtx_};
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    if (pg_.running())
      continue;
    lock.unlock();
    spdlog::error("embedded PostgreSQL in {} is gone; starting it again",
                  pg_.data_dir().string());
    auto began = std::chrono::steady_clock::now();
    // pg_ctl start fails while backends of the dead postmaster still hold
    // its shared memory; they exit within moments, so try again.
    auto started = pg_.restart_stopped();
    lock.lock();
    if (started) {
      restarts_.fetch_add(1);
      spdlog::warn("embedded PostgreSQL is back after {} ms (crash recovery)",
                   std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - began)
                     .count());
    } else {
      spdlog::error("embedded PostgreSQL did not start: {}", started.error());
    }
  }
}

} // namespace souk
