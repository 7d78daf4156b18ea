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

// A job that throws is answered 503 and leaves the pool working; a module's
// own port is made once per thread and kept.
TEST(DbPool, AThrowingJobIsA503AndThePoolGoesOn) {
  db_pool pool{"host=/nonexistent", 1, 8};
  std::promise<http_response> answered;
  pool.run([](db_handles&) { throw std::runtime_error{"lost the database"}; },
           [&answered](http_response res) { answered.set_value(res); });
  auto res = answered.get_future().get();
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res.body().find("lost the database"), std::string::npos)
    << "the reason is logged, not sent";
  struct counter_port {
    int uses = 0;
  };
  std::atomic<int> opened{0};
  std::promise<int> uses;
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(pool.try_run([&, i](db_handles& h) {
      auto& port = h.port<counter_port>([&opened](const std::string&) {
        ++opened;
        return std::make_unique<counter_port>();
      });
      if (++port.uses == 3)
        uses.set_value(port.uses + i - 2);
    }));
  EXPECT_EQ(uses.get_future().get(), 3);
  EXPECT_EQ(opened, 1);
}

} // namespace
} // namespace souk
