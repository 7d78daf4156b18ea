#include "actors/runtime/event_bus.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "persistence/durable_subscriber.hpp"
#include "persistence/group_commit_writer.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using namespace std::chrono_literals;

TEST(EventBus, SubscribersGetOnlyCommittedEventsByTypeAndByStreamInOrder) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto bus = spawn_event_bus(sys);
  group_commit_writer writer{{conninfo}};
  subscriber_options follow;
  follow.durable = false;
  durable_subscriber feeder{conninfo,
                            {"bus",
                             {},
                             "",
                             [bus](const recorded_event& ev) {
                               caf::anon_send(bus, publish_atom::value, ev);
                             }},
                            follow};
  writer.add_commit_listener([&feeder] { feeder.wake(); });
  caf::scoped_actor by_type{sys};
  caf::scoped_actor by_stream{sys};
  caf::anon_send(bus, subscribe_atom::value, bus_topic::event_type,
                 std::string{"ticket.opened.v1"},
                 caf::actor_cast<caf::actor>(by_type));
  caf::anon_send(bus, subscribe_atom::value, bus_topic::stream,
                 std::string{"order-1"},
                 caf::actor_cast<caf::actor>(by_stream));
  // Let the feeder find the head before anything is written.
  for (int i = 0; i < 200 && !feeder.active(); ++i)
    std::this_thread::sleep_for(10ms);
  auto append
    = [&](std::string stream, std::int64_t expected, std::string type) {
        return writer.append({stream, expected, {{type, "{}", {}, ""}}});
      };
  ASSERT_TRUE(append("ticket-1", 0, "ticket.opened.v1"));
  ASSERT_TRUE(append("order-1", 0, "order.placed.v1"));
  ASSERT_FALSE(
    append("order-1", 0, "order.placed.v1")); // conflict: never published
  ASSERT_TRUE(append("order-1", 1, "order.shipped.v1"));
  ASSERT_TRUE(append("ticket-2", 0, "ticket.opened.v1"));
  ASSERT_TRUE(append("order-2", 0, "order.placed.v1"));

  auto collect = [](caf::scoped_actor& self, size_t n) {
    std::vector<recorded_event> got;
    for (size_t i = 0; i < n; ++i)
      self->receive(
        [&](committed_atom, const recorded_event& ev) { got.push_back(ev); },
        caf::after(10s) >> [] { ADD_FAILURE() << "timed out"; });
    return got;
  };
  auto tickets = collect(by_type, 2);
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_EQ(tickets[0].stream_id, "ticket-1");
  EXPECT_EQ(tickets[1].stream_id, "ticket-2");
  auto order1 = collect(by_stream, 2);
  ASSERT_EQ(order1.size(), 2u);
  EXPECT_EQ(order1[0].type, "order.placed.v1");
  EXPECT_EQ(order1[1].type, "order.shipped.v1");
  EXPECT_EQ(order1[1].version, 2);
  EXPECT_LT(order1[0].position, order1[1].position);
  // Nothing else arrives: not the conflicting append, not order-2.
  by_stream->receive(
    [](committed_atom, const recorded_event& ev) {
      ADD_FAILURE() << "unexpected " << ev.stream_id << " " << ev.type;
    },
    caf::after(300ms) >> [] {});
  caf::anon_send_exit(bus, caf::exit_reason::user_shutdown);
}

} // namespace
} // namespace souk
