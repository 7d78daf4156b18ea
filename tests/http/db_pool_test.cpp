#include "http/db_pool.hpp"

#include <future>

#include <gtest/gtest.h>

namespace souk {
namespace {

// Jobs waiting past the bound are refused, not queued; the pool takes
// jobs again once its queue drains. (No job here touches the database:
// the handles connect on first use.)
TEST(DbPool, PastItsQueueBoundAJobIsRefusedWithA503) {
  db_pool pool{"host=/nonexistent", 1, 2};
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.try_run([&started, released](db_handles&) {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait(); // the thread is busy: the next ones wait
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.try_run([&ran](db_handles&) { ++ran; }));
  EXPECT_TRUE(pool.try_run([&ran](db_handles&) { ++ran; }));
  EXPECT_FALSE(pool.try_run([&ran](db_handles&) { ++ran; }));
  std::optional<http_response> refused;
  pool.run([&ran](db_handles&) { ++ran; },
           [&refused](http_response res) { refused = std::move(res); });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result(), http::status::service_unavailable);
  release.set_value();
  while (ran < 2)
    std::this_thread::yield();
  std::promise<void> again;
  EXPECT_TRUE(pool.try_run([&again](db_handles&) { again.set_value(); }));
  again.get_future().wait();
  EXPECT_EQ(ran, 2);
}

} // namespace
} // namespace souk
