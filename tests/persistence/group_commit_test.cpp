// Group commit: many concurrent appends share transactions, and each caller
// still gets its own answer.
#include "persistence/group_commit_writer.hpp"

#include <atomic>

#include <barrier>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "actors/runtime/uuid.hpp"
#include "persistence/pg_event_store.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

TEST(GroupCommit, TwoHundredConcurrentAppendsEachGetTheirOwnAnswer) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  pg_event_store store{conninfo};
  constexpr int streams = 150;
  constexpr int stale = 50;
  for (int s = 0; s < streams; ++s)
    ASSERT_TRUE(writer.append(
      {"gc-" + std::to_string(s),
       no_stream,
       {{"seeded.v1", "{}", {}, ""}, {"seeded.v1", "{}", {}, ""}}}));
  auto before = writer.stats();

  // 150 appends at the right version (2) and 50 at a stale one (1) to the
  // first 50 streams, all submitted at once from 8 threads.
  struct call {
    std::string stream;
    std::int64_t expected;
    std::string event_id;
    std::promise<append_result> result;
  };
  std::vector<call> calls(streams + stale);
  for (int i = 0; i < streams + stale; ++i) {
    calls[i].stream = "gc-" + std::to_string(i % streams);
    calls[i].expected = i < streams ? 2 : 1;
    calls[i].event_id = make_uuid_v7();
  }
  std::barrier start{8};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = t; i < streams + stale; i += 8) {
        auto& c = calls[i];
        writer.append(
          {c.stream,
           c.expected,
           {{"raced.v1", "{\"i\":" + std::to_string(i) + "}", {}, c.event_id}}},
          [&c](append_result r) { c.result.set_value(std::move(r)); });
      }
    });
  for (auto& t : threads)
    t.join();

  for (int i = 0; i < streams + stale; ++i) {
    auto r = calls[i].result.get_future().get();
    if (i < streams) {
      ASSERT_TRUE(r) << i << ": " << r.error().message;
      EXPECT_EQ(r->version, 3);
      EXPECT_EQ(r->first_position, r->last_position);
    } else {
      ASSERT_FALSE(r) << i;
      EXPECT_EQ(r.error().code, store_errc::version_conflict);
      // Depending on which committed first, the winner is in or not yet.
      EXPECT_TRUE(r.error().actual_version == 2
                  || r.error().actual_version == 3)
        << r.error().actual_version;
    }
  }
  // What landed is exactly the winners' events, each once.
  for (int s = 0; s < streams; ++s) {
    auto events = store.read_stream("gc-" + std::to_string(s));
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 3u);
    EXPECT_EQ(events->back().event_id, calls[s].event_id);
  }
  // And they shared transactions.
  auto after = writer.stats();
  EXPECT_EQ(after.appends - before.appends, std::uint64_t{streams});
  EXPECT_LT(after.batches - before.batches, std::uint64_t{streams});
}

TEST(GroupCommit, AppendsToOneStreamCommitInTheOrderTheyWereMade) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  std::vector<std::promise<append_result>> results(100);
  // Fired without waiting: the writer must keep them in order even though
  // at most one append per stream fits in a batch and two batches fly.
  for (int i = 0; i < 100; ++i)
    writer.append(
      {"ordered",
       any_version,
       {{"n.v1", "{\"i\":" + std::to_string(i) + "}", {}, ""}}},
      [&results, i](append_result r) { results[i].set_value(std::move(r)); });
  for (int i = 0; i < 100; ++i) {
    auto r = results[i].get_future().get();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->version, i + 1);
  }
}

TEST(GroupCommit, AFullQueueAnswersOverloadedInsteadOfGrowing) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo, 512, 10}};
  std::atomic<int> overloaded{0};
  std::atomic<int> done{0};
  for (int i = 0; i < 2000; ++i)
    writer.append(
      {"flood-" + std::to_string(i), no_stream, {{"a.v1", "{}", {}, ""}}},
      [&](append_result r) {
        if (!r && r.error().code == store_errc::overloaded) {
          EXPECT_TRUE(r.error().retriable());
          ++overloaded;
        }
        ++done;
      });
  while (done < 2000)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  EXPECT_GT(overloaded, 0);
  // Once the flood is over, appends are accepted again.
  EXPECT_TRUE(
    writer.append({"after-flood", no_stream, {{"a.v1", "{}", {}, ""}}}));
}

} // namespace
} // namespace souk
