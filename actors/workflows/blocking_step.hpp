#pragma once

#include <functional>
#include <memory>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "actors/workflows/workflow.hpp"

namespace souk::workflows {

/// Threads for step bodies that block (SQL, SMTP, an outside HTTP call), so
/// they never run on CAF's scheduler threads.
class step_pool {
public:
  explicit step_pool(std::size_t threads) : pool_(threads) {
    // nop
  }

  /// Waits for the work already posted.
  ~step_pool() { pool_.join(); }

  template <class F>
  void post(F&& f) {
    boost::asio::post(pool_, std::forward<F>(f));
  }

private:
  boost::asio::thread_pool pool_;
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
