#include "persistence/durable_subscriber.hpp"

#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "persistence/group_commit_writer.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using namespace std::chrono_literals;

// What one subscriber instance handled, in order.
struct journal {
  std::mutex mtx;
  std::vector<std::int64_t> positions;

  void add(std::int64_t p) {
    std::lock_guard guard{mtx};
    positions.push_back(p);
  }
  size_t size() {
    std::lock_guard guard{mtx};
    return positions.size();
  }
  std::vector<std::int64_t> copy() {
    std::lock_guard guard{mtx};
    return positions;
  }
};

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 30s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred())
      return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

void append_many(group_commit_writer& w, int n, const std::string& prefix) {
  for (int i = 0; i < n; ++i)
    ASSERT_TRUE(w.append({prefix + std::to_string(i % 10),
                          any_version,
                          {{"t.v1", "{}", {}, ""}}}));
}

subscription recording(std::string name, journal& j) {
  return {std::move(name), {}, "", [&j](const recorded_event& ev) {
            std::this_thread::sleep_for(100us);
            j.add(ev.position);
          }};
}

TEST(DurableSubscriber, ResumesFromItsCheckpointAfterACrashMidStream) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  constexpr int total = 3000;
  std::thread producer([&] { append_many(writer, total, "s-"); });
  journal first;
  journal second;
  subscriber_options opts;
  opts.page_size = 100;
  auto sub_conninfo = conninfo + " application_name=souk-test-sub";
  {
    durable_subscriber a{sub_conninfo, recording("mailer", first), opts};
    ASSERT_TRUE(eventually([&] { return first.size() >= 1000; }));
    // The crash: its server session dies mid-page, then the process stops.
    pqxx::connection admin{conninfo};
    pqxx::nontransaction{admin}.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
      " WHERE application_name = 'souk-test-sub'");
  }
  producer.join();
  durable_subscriber b{sub_conninfo, recording("mailer", second), opts};
  ASSERT_TRUE(eventually([&] { return b.position() == total; }));

  auto a_seen = first.copy();
  auto b_seen = second.copy();
  ASSERT_FALSE(b_seen.empty());
  // Each instance saw the feed in order...
  EXPECT_TRUE(std::is_sorted(a_seen.begin(), a_seen.end()));
  EXPECT_TRUE(std::is_sorted(b_seen.begin(), b_seen.end()));
  // ...together every event at least once...
  std::map<std::int64_t, int> times;
  for (auto p : a_seen)
    ++times[p];
  for (auto p : b_seen)
    ++times[p];
  ASSERT_EQ(times.size(), static_cast<size_t>(total));
  EXPECT_EQ(times.begin()->first, 1);
  EXPECT_EQ(times.rbegin()->first, total);
  // ...and twice only around the crash: at most one page.
  int twice = 0;
  for (auto& [p, n] : times) {
    EXPECT_LE(n, 2) << p;
    twice += n == 2;
  }
  EXPECT_LE(twice, opts.page_size);
  EXPECT_EQ(b_seen.front(), a_seen.back() - twice + 1)
    << "b resumes right after the last saved checkpoint";
}

TEST(DurableSubscriber, AFailingHandlerIsRetriedAndNothingIsSkipped) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  append_many(writer, 20, "f-");
  journal seen;
  int failures = 0;
  subscriber_options opts;
  opts.retry_delay = 10ms;
  durable_subscriber sub{conninfo,
                         {"flaky",
                          {},
                          "",
                          [&](const recorded_event& ev) {
                            if (ev.position == 5 && failures < 2) {
                              ++failures;
                              throw std::runtime_error("mail server down");
                            }
                            seen.add(ev.position);
                          }},
                         opts};
  ASSERT_TRUE(eventually([&] { return sub.position() == 20; }));
  auto positions = seen.copy();
  ASSERT_EQ(positions.size(), 20u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(positions[i], i + 1);
  EXPECT_EQ(failures, 2);
}

TEST(DurableSubscriber, ASecondInstanceWaitsOnStandbyUntilTheFirstStops) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  append_many(writer, 10, "h-");
  journal one;
  journal two;
  subscriber_options opts;
  opts.poll_interval = 20ms;
  auto first = std::make_unique<durable_subscriber>(
    conninfo, recording("projector", one), opts);
  ASSERT_TRUE(eventually([&] { return first->position() == 10; }));
  durable_subscriber second{conninfo, recording("projector", two), opts};
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(second.active());
  EXPECT_EQ(two.size(), 0u);
  first.reset();
  append_many(writer, 5, "h-");
  ASSERT_TRUE(eventually([&] { return second.position() == 15; }));
  EXPECT_EQ(two.copy().front(), 11) << "continues where the first stopped";
}

// Read-your-writes for read models: a reader waits for the position it saw
// committed; it is handled when the wait returns, never after.
TEST(DurableSubscriber, WaitForReturnsOnceThePositionIsHandled) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  std::atomic<std::int64_t> projected{0};
  durable_subscriber sub{
    conninfo, {"slow-projection", {}, "", [&](const recorded_event& ev) {
                 std::this_thread::sleep_for(20ms); // a slow read model
                 projected = ev.position;
               }}};
  for (int i = 0; i < 10; ++i) {
    auto r = writer.append(
      {"w-" + std::to_string(i), no_stream, {{"t.v1", "{}", {}, ""}}});
    ASSERT_TRUE(r);
    auto head = r->last_position;

    ASSERT_TRUE(sub.wait_for(head, 10s));

    EXPECT_GE(projected.load(), head);
  }
  // A subscriber for other events only: it passes these without handling
  // them, up to the head, so a reader waiting for the head is not stuck.
  std::atomic<int> handled{0};
  durable_subscriber other{
    conninfo, {"other-types", {"x.v1"}, "", [&](const recorded_event&) {
                 ++handled;
               }}};
  auto last = writer.append({"w-last", no_stream, {{"t.v1", "{}", {}, ""}}});
  ASSERT_TRUE(last);
  EXPECT_TRUE(other.wait_for(last->last_position, 10s));
  EXPECT_EQ(handled, 0);
  // A position never reached: false after the timeout, not a hang.
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(sub.wait_for(1'000'000, 100ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(DurableSubscriber, OnlyMatchingTypesAndStreamsAreHandled) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  group_commit_writer writer{{conninfo}};
  for (auto [stream, type] : {std::pair{"order-1", "order.placed.v1"},
                              {"order-1", "order.shipped.v1"},
                              {"ticket-1", "ticket.opened.v1"},
                              {"order-2", "order.placed.v1"}})
    ASSERT_TRUE(writer.append({stream, any_version, {{type, "{}", {}, ""}}}));
  journal seen;
  durable_subscriber sub{
    conninfo,
    {"placed", {"order.placed.v1"}, "order-", [&](const recorded_event& ev) {
       EXPECT_EQ(ev.event_id.size(), 36u);
       seen.add(ev.position);
     }}};
  ASSERT_TRUE(eventually([&] { return sub.position() == 4; }));
  EXPECT_EQ(seen.copy(), (std::vector<std::int64_t>{1, 4}));
}

} // namespace
} // namespace souk
