// Kill PostgreSQL (pg_ctl stop -m immediate) while appends are in flight.
// Afterwards every append that reported success is stored, and none that
// reported failure is.
#include "persistence/group_commit_writer.hpp"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/runtime/uuid.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

// Holds the position lock from another session, so an append is certainly
// inside the database (waiting) when its connection dies.
struct position_lock_holder {
  explicit position_lock_holder(const std::string& conninfo)
    : conn(conninfo), tx(conn) {
    tx.exec("SELECT pg_advisory_xact_lock(7308332054079172608)");
  }
  pqxx::connection conn;
  pqxx::work tx;
};

struct outcome {
  std::string event_id;
  std::optional<store_errc> error; // nullopt: success
};

TEST(CrashSafety, ImmediateShutdownKeepsReportedSuccessesAndNoFailures) {
  auto& cluster = test::test_cluster::instance();
  auto conninfo = cluster.fresh_database();
  group_commit_writer writer{
    {conninfo, 512, 20000, std::chrono::milliseconds{30000}}};
  std::atomic<bool> stop{false};
  std::mutex mtx;
  std::vector<outcome> outcomes;
  std::vector<std::thread> producers;
  for (int p = 0; p < 16; ++p)
    producers.emplace_back([&, p] {
      // Bounded: at most 50,000 appends per producer.
      for (int k = 0; k < 50000 && !stop; ++k) {
        new_event ev{"crash.tested.v1",
                     "{\"k\":" + std::to_string(k) + "}",
                     {},
                     make_uuid_v7()};
        auto r
          = writer.append({"crash-" + std::to_string(p), any_version, {ev}});
        {
          std::lock_guard guard{mtx};
          outcomes.push_back(
            {ev.event_id, r ? std::nullopt : std::optional{r.error().code}});
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
    // Make sure batches are inside the database, waiting, when it dies.
    position_lock_holder lock{conninfo};
    wait(100);
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
  for (auto row :
       pqxx::nontransaction{conn}.exec("SELECT event_id::text FROM events"))
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

namespace souk {
namespace {

TEST(CrashSafety, AppendInsideTheDatabaseWhenTheServerDiesIsUnavailable) {
  auto& cluster = test::test_cluster::instance();
  auto conninfo = cluster.fresh_database();
  group_commit_writer writer{{conninfo}};
  ASSERT_TRUE(writer.append({"warm", no_stream, {{"a.v1", "{}", {}, ""}}}));
  std::promise<append_result> result;
  {
    position_lock_holder lock{conninfo};
    writer.append({"doubt", no_stream, {{"a.v1", "{}", {}, ""}}},
                  [&](append_result r) { result.set_value(std::move(r)); });
    std::this_thread::sleep_for(std::chrono::milliseconds{300});
    ASSERT_TRUE(cluster.pg().stop(embedded_postgres::stop_mode::immediate));
  }
  ASSERT_TRUE(cluster.pg().restart_stopped());
  auto r = result.get_future().get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, store_errc::unavailable) << r.error().message;
  pqxx::connection conn{conninfo};
  EXPECT_EQ(pqxx::nontransaction{conn}
              .exec1("SELECT count(*) FROM events WHERE stream_id = 'doubt'")[0]
              .as<int>(),
            0);
  // And the writer is back in business.
  EXPECT_TRUE(writer.append({"after", no_stream, {{"a.v1", "{}", {}, ""}}}));
}

TEST(CrashSafety, AppendWhoseSessionIsKilledIsUnavailableAndTheWriterRecovers) {
  // The server stays up; only the writer's session is cut while it waits.
  // The writer must end that session for good before deciding, then report
  // "nothing written" and keep working.
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  ASSERT_TRUE(writer.append({"warm", no_stream, {{"a.v1", "{}", {}, ""}}}));
  std::promise<append_result> result;
  position_lock_holder lock{conninfo};
  writer.append({"cut", no_stream, {{"a.v1", "{}", {}, ""}}},
                [&](append_result r) { result.set_value(std::move(r)); });
  std::this_thread::sleep_for(std::chrono::milliseconds{300});
  pqxx::connection admin{conninfo};
  pqxx::nontransaction{admin}.exec(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE wait_event_type = 'Lock' AND datname = current_database()");
  auto r = result.get_future().get();
  lock.tx.abort();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, store_errc::unavailable) << r.error().message;
  auto again = writer.append({"cut", no_stream, {{"a.v1", "{}", {}, ""}}});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->version, 1);
}

} // namespace
} // namespace souk
