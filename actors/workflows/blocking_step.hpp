#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "actors/workflows/workflow.hpp"

namespace souk::workflows {

/// Threads for step bodies that block (SQL, SMTP, an outside HTTP call), so
/// they never run on CAF's scheduler threads.
class step_pool {
public:
  explicit step_pool(std::size_t threads)
    : pool_(std::make_unique<boost::asio::thread_pool>(threads)) {
    // nop
  }

  /// Waits for the work already posted, then drops what is still queued
  /// and what is posted later (its owner calls it before what the steps
  /// use goes: the server, before its database and actors). Dropping
  /// matters: a queued step body may hold this pool (the ticket mails'
  /// deps do), a cycle that would outlive everyone.
  void shutdown() {
    std::unique_ptr<boost::asio::thread_pool> pool;
    {
      std::lock_guard guard{mutex_};
      pool = std::move(pool_);
    }
    if (!pool)
      return;
    if (pool->get_executor().running_in_this_thread())
      return hand_over(std::move(pool));
    pool->join();
  }

  /// As `shutdown`. When the last owner goes on one of the pool's own
  /// threads (a step body that held the pool was the last), that thread
  /// cannot wait for itself: another one joins the pool.
  ~step_pool() { shutdown(); }

  template <class F>
  void post(F&& f) {
    std::lock_guard guard{mutex_};
    if (pool_)
      boost::asio::post(*pool_, std::forward<F>(f));
  }

private:
  static void hand_over(std::unique_ptr<boost::asio::thread_pool> pool) {
    std::thread{[pool = std::move(pool)] { pool->join(); }}.detach();
  }

  std::mutex mutex_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
};

/// A step body that may block: `fn` runs on `pool`, and its outcome (or
/// what it threw) goes back to the execution.
inline step_fn
blocking_step(std::shared_ptr<step_pool> pool,
              std::function<step_outcome(const step_context&)> fn) {
  return [pool, fn = std::move(fn)](const step_context& ctx, step_done done) {
    pool->post([fn, ctx, done = std::move(done)] {
      try {
        done(fn(ctx));
      } catch (const std::exception& e) {
        done(step_error{std::string{"threw: "} + e.what()});
      }
    });
  };
}

} // namespace souk::workflows
