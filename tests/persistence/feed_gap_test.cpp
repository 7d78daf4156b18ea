// The global feed under concurrent writers: the sequence-gap problem.
//
// 8 writer connections (group-commit writers), each fed by 4 producer
// threads, append 5,000 events per writer to 24 streams they all share,
// while a subscriber follows the feed. It must see every event exactly
// once, positions without a hole, and each stream in version order.
// SOUK_SOAK_ROUNDS repeats it (`make soak`).
#include "persistence/group_commit_writer.hpp"

#include <atomic>
#include <cstdlib>
#include <set>
#include <thread>
#include <unordered_map>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "persistence/pg_event_store.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

constexpr int writers = 8;
constexpr int producers_per_writer = 4;
constexpr int events_per_writer = 5000;
constexpr int streams = 24;

int rounds() {
  if (auto v = std::getenv("SOUK_SOAK_ROUNDS"))
    return std::max(1, std::atoi(v));
  return 1; // one round (~50 s under ASan) in `make test`; more in soak
}

struct round_result {
  std::int64_t appended = 0;
  std::int64_t seen = 0;
  std::int64_t conflicts = 0;
  std::string problem; // empty when the feed was right
};

round_result run_round(const std::string& conninfo) {
  round_result out;
  std::vector<std::unique_ptr<group_commit_writer>> ws;
  for (int w = 0; w < writers; ++w)
    ws.push_back(
      std::make_unique<group_commit_writer>(group_commit_options{conninfo}));
  std::atomic<std::int64_t> appended{0};
  std::atomic<std::int64_t> conflicts{0};
  std::atomic<int> running{writers * producers_per_writer};
  std::vector<std::thread> producers;
  for (int w = 0; w < writers; ++w)
    for (int p = 0; p < producers_per_writer; ++p)
      producers.emplace_back([&, w, p] {
        std::unordered_map<int, std::int64_t> known; // stream -> version
        int count = events_per_writer / producers_per_writer;
        for (int k = 0; k < count;) {
          int s = (w * 7 + p * 3 + k) % streams;
          // One to three events per append; never past `count`.
          int n = std::min(1 + k % 3, count - k);
          append_request req{"gap-" + std::to_string(s), known[s], {}};
          for (int j = 0; j < n; ++j)
            req.events.push_back({"gap.tested.v1",
                                  "{\"w\":" + std::to_string(w)
                                    + ",\"p\":" + std::to_string(p)
                                    + ",\"k\":" + std::to_string(k + j) + "}",
                                  {},
                                  ""});
          auto r = ws[w]->append(std::move(req));
          if (r) {
            known[s] = r->version;
            k += n;
            appended += n;
          } else if (r.error().code == store_errc::version_conflict) {
            known[s] = r.error().actual_version;
            ++conflicts;
          } else {
            ADD_FAILURE() << r.error().message;
            return;
          }
        }
        --running;
      });

  // The subscriber: follows the feed while the writers write.
  pg_event_store reader{conninfo};
  std::set<std::tuple<int, int, int>> seen;
  std::unordered_map<std::string, std::int64_t> stream_version;
  std::int64_t last = 0;
  simdjson::dom::parser parser;
  auto follow = [&] {
    auto page = reader.read_feed(last, 1000);
    if (!page) {
      out.problem = page.error().message;
      return false;
    }
    for (auto& ev : *page) {
      if (ev.position != last + 1) {
        out.problem = "position " + std::to_string(ev.position) + " after "
                      + std::to_string(last);
        return false;
      }
      last = ev.position;
      auto& v = stream_version[ev.stream_id];
      if (ev.version != v + 1) {
        out.problem = ev.stream_id + " version " + std::to_string(ev.version)
                      + " after " + std::to_string(v);
        return false;
      }
      v = ev.version;
      auto doc = parser.parse(ev.data);
      auto key = std::make_tuple(int(int64_t(doc["w"])), int(int64_t(doc["p"])),
                                 int(int64_t(doc["k"])));
      if (!seen.insert(key).second) {
        out.problem = "event seen twice at position " + std::to_string(last);
        return false;
      }
    }
    return true;
  };
  while (running > 0 && out.problem.empty())
    if (!follow())
      break;
  for (auto& t : producers)
    t.join();
  // Drain what was committed after the last read.
  while (out.problem.empty()
         && static_cast<std::int64_t>(seen.size()) < appended.load())
    if (!follow() || reader.read_feed(last, 1)->empty())
      break;
  out.appended = appended;
  out.seen = static_cast<std::int64_t>(seen.size());
  out.conflicts = conflicts;
  return out;
}

TEST(FeedGaps, SubscriberSeesEveryEventOnceInOrderUnderConcurrentWriters) {
  for (int round = 0; round < rounds(); ++round) {
    auto conninfo = test::test_cluster::instance().fresh_database();
    auto r = run_round(conninfo);
    ASSERT_EQ(r.problem, "") << "round " << round;
    EXPECT_EQ(r.appended, writers * events_per_writer);
    EXPECT_EQ(r.seen, r.appended) << "round " << round;
    // Overlapping streams really raced: some appends lost on version.
    EXPECT_GT(r.conflicts, 0);
  }
}

} // namespace
} // namespace souk
