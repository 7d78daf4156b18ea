#include "persistence/pg_event_store.hpp"

#include <future>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/runtime/event_codec.hpp"
#include "persistence/group_commit_writer.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

new_event make_event(std::string type, std::string data = R"({"n":1})") {
  return {std::move(type), std::move(data), {"cmd-1", "req-1", "user:ada"}, ""};
}

class EventStore : public ::testing::Test {
protected:
  EventStore()
    : conninfo(test::test_cluster::instance().fresh_database()),
      writer({conninfo}), store(conninfo) {
    // nop
  }

  std::string conninfo;
  group_commit_writer writer;
  pg_event_store store;
};

TEST_F(EventStore, AppendedEventsReadBackInVersionOrderWithMetadata) {
  auto before = std::chrono::system_clock::now() - std::chrono::seconds{5};
  auto r = writer.append({"order-1",
                          no_stream,
                          {make_event("order.placed.v1", R"({"total":2000})"),
                           make_event("order.paid.v1")}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->last_position - r->first_position, 1);

  auto events = store.read_stream("order-1");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  auto& first = (*events)[0];
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.type, "order.placed.v1");
  EXPECT_EQ(first.data, R"({"total": 2000})"); // jsonb's canonical text
  EXPECT_EQ(first.metadata.actor, "user:ada");
  EXPECT_EQ(first.metadata.causation_id, "cmd-1");
  EXPECT_EQ(first.metadata.correlation_id, "req-1");
  EXPECT_EQ(first.event_id.size(), 36u);
  EXPECT_GT(first.committed_at, before);
  EXPECT_EQ((*events)[1].version, 2);
  EXPECT_EQ((*events)[1].position, first.position + 1);
}

TEST_F(EventStore, ReadStreamFromVersionSkipsEarlierEvents) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(writer.append({"s", i, {make_event("e.v1")}}));
  auto events = store.read_stream("s", 4);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->front().version, 4);
  auto none = store.read_stream("missing");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(EventStore, StaleExpectedVersionIsAConflictCarryingTheActualVersion) {
  ASSERT_TRUE(writer.append({"s", no_stream, {make_event("a.v1")}}));
  ASSERT_TRUE(writer.append({"s", 1, {make_event("a.v1")}}));
  auto stale = writer.append({"s", 1, {make_event("b.v1")}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, store_errc::version_conflict);
  EXPECT_EQ(stale.error().actual_version, 2);
  EXPECT_FALSE(stale.error().retriable());
  auto ahead = writer.append({"s", 7, {make_event("b.v1")}});
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().actual_version, 2);
  auto events = store.read_stream("s");
  ASSERT_EQ(events->size(), 2u); // nothing written by either
  EXPECT_EQ(events->back().type, "a.v1");
}

TEST_F(EventStore, TwoAppendsWithTheSameExpectedVersionExactlyOneWins) {
  // Two writers, two connections, racing on 50 streams.
  group_commit_writer other{{conninfo}};
  for (int i = 0; i < 50; ++i) {
    auto stream = "race-" + std::to_string(i);
    std::promise<append_result> a;
    std::promise<append_result> b;
    writer.append({stream, no_stream, {make_event("a.v1")}},
                  [&](append_result r) { a.set_value(std::move(r)); });
    other.append({stream, no_stream, {make_event("b.v1")}},
                 [&](append_result r) { b.set_value(std::move(r)); });
    auto ra = a.get_future().get();
    auto rb = b.get_future().get();
    ASSERT_NE(bool(ra), bool(rb)) << "stream " << stream;
    auto& lost = ra ? rb : ra;
    EXPECT_EQ(lost.error().code, store_errc::version_conflict);
    EXPECT_EQ(lost.error().actual_version, 1);
    EXPECT_EQ(store.read_stream(stream)->size(), 1u);
  }
}

TEST_F(EventStore, AnyVersionAppendsWithoutACheck) {
  ASSERT_TRUE(writer.append({"log", no_stream, {make_event("a.v1")}}));
  auto r = writer.append({"log", any_version, {make_event("a.v1")}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->version, 2);
}

TEST_F(EventStore, MalformedAppendsAreRejectedBeforeTheDatabase) {
  auto code = [&](append_request req) {
    auto r = writer.append(std::move(req));
    return r ? std::string{"ok"} : std::string{to_string(r.error().code)};
  };
  EXPECT_EQ(code({"", no_stream, {make_event("a.v1")}}), "invalid_argument");
  EXPECT_EQ(code({"s", no_stream, {}}), "invalid_argument");
  EXPECT_EQ(code({"s", no_stream, {make_event("")}}), "invalid_argument");
  EXPECT_EQ(code({"s", no_stream, {make_event("a.v1", "{nope")}}),
            "invalid_argument");
  auto bad_id = make_event("a.v1");
  bad_id.event_id = "1'; DROP TABLE events; --";
  EXPECT_EQ(code({"s", no_stream, {bad_id}}), "invalid_argument");
  EXPECT_EQ(code({"s", -2, {make_event("a.v1")}}), "invalid_argument");
  EXPECT_EQ(*store.head_position(), 0);
}

TEST_F(EventStore, ABadAppendFailsAloneAndItsBatchMatesLand) {
  ASSERT_TRUE(writer.append({"first", no_stream, {make_event("a.v1")}}));
  auto reused = store.read_stream("first")->front().event_id;
  // Queue many appends at once so they share a batch with the bad one.
  std::vector<std::promise<append_result>> results(20);
  for (int i = 0; i < 20; ++i) {
    auto ev = make_event("a.v1");
    if (i == 7)
      ev.event_id = reused; // already stored: the database refuses it
    writer.append(
      {"b-" + std::to_string(i), no_stream, {ev}},
      [&results, i](append_result r) { results[i].set_value(std::move(r)); });
  }
  for (int i = 0; i < 20; ++i) {
    auto r = results[i].get_future().get();
    if (i == 7) {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, store_errc::invalid_argument);
    } else {
      EXPECT_TRUE(r) << i << ": " << r.error().message;
    }
  }
  EXPECT_EQ(*store.head_position(), 20);
}

TEST_F(EventStore, FeedPositionsAreDenseAndFollowCommitOrder) {
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(writer.append({"f-" + std::to_string(i % 3),
                               any_version,
                               {make_event("a.v1"), make_event("b.v1")}}));
  auto feed = store.read_feed(0, 100);
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->size(), 20u);
  for (size_t i = 0; i < feed->size(); ++i)
    EXPECT_EQ((*feed)[i].position, static_cast<std::int64_t>(i + 1));
  auto page = store.read_feed(15, 3);
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ(page->front().position, 16);
  EXPECT_EQ(*store.head_position(), 20);
}

TEST_F(EventStore, LatestSnapshotWinsAndNoneIsNotAnError) {
  auto none = store.load_latest_snapshot("t-1");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(
    store.save_snapshot({"t-1", 3, "ticket.state.v1", R"({"notes":3})", {}}));
  ASSERT_TRUE(
    store.save_snapshot({"t-1", 9, "ticket.state.v1", R"({"notes":9})", {}}));
  ASSERT_TRUE(store.save_snapshot({"t-2", 50, "ticket.state.v1", "{}", {}}));
  auto latest = store.load_latest_snapshot("t-1");
  ASSERT_TRUE(latest && latest->has_value());
  EXPECT_EQ((*latest)->version, 9);
  EXPECT_EQ((*latest)->state, R"({"notes": 9})");
  EXPECT_EQ((*latest)->type, "ticket.state.v1");
  auto bad = store.save_snapshot({"t-1", 10, "x", "not json", {}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, store_errc::invalid_argument);
}

TEST_F(EventStore, UnreachableDatabaseIsUnavailableNotACrash) {
  pg_event_store nowhere{"host=/nonexistent port=1 dbname=x connect_timeout=2"};
  auto r = nowhere.read_stream("s");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, store_errc::unavailable);
  EXPECT_TRUE(r.error().retriable());
  group_commit_writer dead{{"host=/nonexistent port=1 dbname=x"}};
  auto a = dead.append({"s", no_stream, {make_event("a.v1")}});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, store_errc::unavailable);
}

} // namespace
} // namespace souk

namespace souk {
namespace {

TEST_F(EventStore, CorruptStoredEventsDecodeToErrorsNamingStreamAndVersion) {
  ASSERT_TRUE(
    writer.append({"ticket-9",
                   no_stream,
                   {make_event("ticket.noted.v1", R"({"text":"ok"})")}}));
  // Rows as an older release or a hand-made fix might have left them.
  pqxx::connection conn{conninfo};
  pqxx::nontransaction{conn}.exec0(
    "INSERT INTO events (position, stream_id, version, event_id, type, data)"
    " VALUES (2, 'ticket-9', 2, gen_random_uuid(), 'ticket.vanished.v1',"
    " '{}'), (3, 'ticket-9', 3, gen_random_uuid(), 'ticket.noted.v1',"
    " '{\"txt\":1}')");
  struct noted {
    std::string text;
  };
  event_codec<noted> codec;
  codec.add(
    "ticket.noted.v1",
    [](simdjson::ondemand::object& obj) -> expected<noted, std::string> {
      std::string_view text;
      if (obj["text"].get_string().get(text))
        return std::string{"field 'text' missing or not a string"};
      return noted{std::string{text}};
    });
  auto events = store.read_stream("ticket-9");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_TRUE(codec.decode((*events)[0]));
  auto unknown = codec.decode((*events)[1]);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "stream 'ticket-9' version 2: unknown event type "
            "'ticket.vanished.v1'");
  auto bad = codec.decode((*events)[2]);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "stream 'ticket-9' version 3: undecodable payload of "
            "'ticket.noted.v1': field 'text' missing or not a string");
}

} // namespace
} // namespace souk

namespace souk {
namespace {

TEST_F(EventStore, RememberedVersionOvertakenByAnotherWriterStillConflicts) {
  group_commit_writer other{{conninfo}};
  ASSERT_TRUE(writer.append({"shared", no_stream, {make_event("a.v1")}}));
  // `writer` remembers version 1; `other` moves the stream on.
  ASSERT_TRUE(other.append({"shared", 1, {make_event("b.v1")}}));
  // Stale, yet exactly what `writer` remembers: the unique index must catch
  // it, and the batch is re-checked rather than failed.
  auto stale = writer.append({"shared", 1, {make_event("c.v1")}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, store_errc::version_conflict);
  EXPECT_EQ(stale.error().actual_version, 2);
  auto fresh = writer.append({"shared", 2, {make_event("d.v1")}});
  ASSERT_TRUE(fresh) << fresh.error().message;
  EXPECT_EQ(fresh->version, 3);
  auto types = std::vector<std::string>{};
  auto events = store.read_stream("shared");
  for (auto& ev : *events)
    types.push_back(ev.type);
  EXPECT_EQ(types, (std::vector<std::string>{"a.v1", "b.v1", "d.v1"}));
}

TEST_F(EventStore, StatisticsCountBatchesAppendsAndEvents) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(writer.append(
      {"stats", 2 * i, {make_event("a.v1"), make_event("b.v1")}}));
  auto st = writer.stats();
  EXPECT_EQ(st.appends, 3u);
  EXPECT_EQ(st.events, 6u);
  EXPECT_EQ(st.batches, 3u);
}

} // namespace
} // namespace souk
