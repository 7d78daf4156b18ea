// Kill PostgreSQL (pg_ctl stop -m immediate) while appends are in flight.
// Afterwards every append that reported success is stored, and none that
// reported failure is.
#include "persistence/group_commit_writer.hpp"

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/runtime/uuid.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

struct outcome {
  std::string event_id;
  std::optional<store_errc> error; // nullopt: success
};

TEST(CrashSafety, ImmediateShutdownKeepsReportedSuccessesAndNoFailures) {
  auto& cluster = test::test_cluster::instance();
  auto conninfo = cluster.fresh_database();
  group_commit_writer writer{{conninfo, 512, 20000,
                              std::chrono::milliseconds{30000}}};
  std::atomic<bool> stop{false};
  std::mutex mtx;
  std::vector<outcome> outcomes;
  std::vector<std::thread> producers;
  for (int p = 0; p < 16; ++p)
    producers.emplace_back([&, p] {
      // Bounded: at most 50,000 appends per producer.
      for (int k = 0; k < 50000 && !stop; ++k) {
        new_event ev{"crash.tested.v1", "{\"k\":" + std::to_string(k) + "}",
                     {}, make_uuid_v7()};
        auto r = writer.append(
          {"crash-" + std::to_string(p), any_version, {ev}});
        {
          std::lock_guard guard{mtx};
          outcomes.push_back(
            {ev.event_id,
             r ? std::nullopt : std::optional{r.error().code}});
        }
        if (!r)
          std::this_thread::sleep_for(std::chrono::milliseconds{2});
      }
    });
  auto wait = [](int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds{ms});
  };
  for (int crash = 0; crash < 3; ++crash) {
    wait(400);
    auto stopped = cluster.pg().stop(embedded_postgres::stop_mode::immediate);
    ASSERT_TRUE(stopped) << stopped.error();
    wait(300);
    auto started = cluster.pg().restart_stopped();
    ASSERT_TRUE(started) << started.error();
  }
  wait(600);
  stop = true;
  for (auto& t : producers)
    t.join();

  pqxx::connection conn{conninfo};
  std::unordered_set<std::string> stored;
  for (auto row : pqxx::nontransaction{conn}.exec(
         "SELECT event_id::text FROM events"))
    stored.insert(row[0].as<std::string>());
  size_t ok = 0;
  size_t failed = 0;
  for (auto& o : outcomes) {
    ASSERT_NE(o.error, store_errc::outcome_unknown)
      << "the server came back in time: every outcome can be known";
    if (!o.error) {
      ++ok;
      EXPECT_TRUE(stored.count(o.event_id)) << "lost success " << o.event_id;
    } else {
      ++failed;
      EXPECT_EQ(*o.error, store_errc::unavailable);
      EXPECT_FALSE(stored.count(o.event_id)) << "failure stored " << o.event_id;
    }
  }
  EXPECT_EQ(stored.size(), ok);
  EXPECT_GT(failed, 0u) << "the crashes hit no append";
  EXPECT_GT(ok, 0u);
}

} // namespace
} // namespace souk
