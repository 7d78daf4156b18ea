// The entity runtime on a real actor system and a real PostgreSQL.
#include "actors/ticket/ticket_entity.hpp"

#include "actors/cart/cart_entity.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/uuid.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using ticket::ticket_command;
using ticket::ticket_domain;
using ticket::ticket_state;
using reply = entity_reply<ticket_domain>;

// Throws on the note "boom": a handler bug, to test supervision.
struct flaky_domain : ticket_domain {
  static ticket::decision decide(const ticket_state& s,
                                 const ticket_command& c) {
    if (auto note = std::get_if<ticket::add_note>(&c);
        note && note->text == "boom")
      throw std::runtime_error("boom");
    return ticket_domain::decide(s, c);
  }
};

class EntityRuntime : public ::testing::Test {
protected:
  EntityRuntime()
    : conninfo(test::test_cluster::instance().fresh_database()),
      writer(
        std::make_shared<group_commit_writer>(group_commit_options{conninfo})),
      sys(cfg), appender(spawn_append_bridge(sys, writer)),
      reader(spawn_stream_reader(
        sys, [c = conninfo] { return std::make_unique<pg_event_store>(c); })) {
    // nop
  }

  ~EntityRuntime() override {
    caf::anon_send_exit(appender, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
  }

  template <class Domain = ticket_domain>
  caf::actor host(host_options opts = {}) {
    auto h = sys.spawn(entity_host<Domain>, reader, appender, opts);
    hosts.push_back(h);
    return h;
  }

  template <class Domain = ticket_domain>
  entity_reply<Domain> ask(caf::actor h, const std::string& id,
                           typename Domain::command_type cmd) {
    caf::scoped_actor self{sys};
    std::optional<entity_reply<Domain>> out;
    self->request(h, std::chrono::seconds{30}, id, std::move(cmd))
      .receive([&](entity_reply<Domain>& r) { out = std::move(r); },
               [&](caf::error& e) {
                 out = entity_reply<Domain>{entity_error{
                   runtime_errc::unavailable, caf::to_string(e), true}};
               });
    return std::move(*out);
  }

  static ticket_command open() {
    ticket::ticket_opened e;
    e.order_id = "order_1";
    e.order_display_id = 1;
    e.number = 1;
    e.line_item_id = "line_1";
    e.customer_id = "cus_1";
    e.product_title = "Box";
    e.quantity = 1;
    e.brief.text = "Logo";
    e.by = "system";
    e.at = 1;
    return ticket::open_ticket{e};
  }

  static ticket_command note(int i, std::string text = "") {
    return ticket::add_note{"n" + std::to_string(i),
                            text.empty() ? "note " + std::to_string(i) : text,
                            false, "user:ada", 2};
  }

  /// The latest snapshot of `stream`, asked of the entities' own reader:
  /// after the snapshots they sent it before their last answers.
  std::optional<snapshot> latest_snapshot(const std::string& stream) {
    caf::scoped_actor self{sys};
    std::optional<snapshot> out;
    self
      ->request(reader, std::chrono::seconds{30}, load_snap_atom::value, stream)
      .receive(
        [&](snapshot_result& r) {
          if (r && *r)
            out = **r;
        },
        [](caf::error&) {});
    return out;
  }

  ticket_state replay(const std::string& id) {
    pg_event_store store{conninfo};
    ticket_state s;
    auto events = store.read_stream(ticket_domain::stream(id));
    for (auto& ev : *events)
      s = ticket::evolve(std::move(s), *ticket::codec().decode(ev));
    return s;
  }

  std::string conninfo;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::actor appender;
  caf::actor reader;
  std::vector<caf::actor> hosts;

  struct stop_hosts {
    std::vector<caf::actor>& hs;
    ~stop_hosts() {
      for (auto& h : hs)
        caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    }
  } stopper{hosts};
};

TEST_F(EntityRuntime, ACommandIsDecidedPersistedAndAnswered) {
  auto h = host();
  auto r = ask(h, "t1", open());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->status, ticket::ticket_status::brief_received);
  auto refused
    = ask(h, "t1",
          ticket::move_ticket{
            ticket::ticket_status::delivered, "", "user:ada", 3, {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain_errc::illegal_transition);
  EXPECT_EQ(refused.error().message,
            "cannot move ticket from 'brief_received' to 'delivered'");
  auto missing = ask(h, "nope", note(1));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, domain_errc::not_found);
  EXPECT_EQ(replay("t1"), *r);
}

TEST_F(EntityRuntime,
       AThousandConcurrentCommandsToOneEntityGetVersionsOneToAThousand) {
  auto h = host();
  ASSERT_TRUE(ask(h, "hot", open()));
  std::vector<std::thread> callers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 20; ++t)
    callers.emplace_back([&, t] {
      for (int i = 0; i < 50 - (t == 0 ? 1 : 0); ++i) {
        auto r = ask(h, "hot", note(t * 100 + i));
        if (r)
          ++ok;
        else
          ADD_FAILURE() << r.error().code << ": " << r.error().message;
      }
    });
  for (auto& t : callers)
    t.join();
  EXPECT_EQ(ok, 999);
  // Commands that queued while an append was in flight shared the next one.
  EXPECT_LT(writer->stats().appends, 500u);
  EXPECT_EQ(writer->stats().events, 1000u);
  pg_event_store store{conninfo};
  auto events = *store.read_stream("ticket-hot");
  ASSERT_EQ(events.size(), 1000u);
  for (size_t i = 0; i < events.size(); ++i)
    ASSERT_EQ(events[i].version, static_cast<std::int64_t>(i + 1));
  auto last = ask(h, "hot", note(99999));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->version, 1001);
  EXPECT_EQ(replay("hot"), *last);
}

TEST_F(EntityRuntime, APassivatedEntityComesBackWithTheSameState) {
  host_options opts;
  opts.entity.idle_timeout = std::chrono::milliseconds{100};
  auto h = host(opts);
  ASSERT_TRUE(ask(h, "p1", open()));
  ASSERT_TRUE(ask(h, "p1", note(1)));
  auto before
    = ask(h, "p1",
          ticket::move_ticket{
            ticket::ticket_status::designing_artwork, "", "user:ada", 5, {}});
  ASSERT_TRUE(before);
  // Wait until the host has seen the entity stop.
  caf::scoped_actor self{sys};
  for (int i = 0; i < 100; ++i) {
    std::int64_t n = -1;
    self->request(h, std::chrono::seconds{5}, count_atom::value)
      .receive([&](std::int64_t c) { n = c; }, [](caf::error&) {});
    if (n == 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  auto after = ask(h, "p1", note(1)); // a retried note: no new event
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *before);
}

// Waits until the host has no live entity (they all passivated).
void wait_passivated(caf::actor_system& sys, caf::actor h) {
  caf::scoped_actor self{sys};
  for (int i = 0; i < 200; ++i) {
    std::int64_t n = -1;
    self->request(h, std::chrono::seconds{5}, count_atom::value)
      .receive([&](std::int64_t c) { n = c; }, [](caf::error&) {});
    if (n == 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  ADD_FAILURE() << "entities did not passivate";
}

TEST_F(EntityRuntime, RehydrationFromASnapshotEqualsAFullReplay) {
  host_options with;
  with.entity.idle_timeout = std::chrono::milliseconds{100};
  with.entity.snapshot_every = 10;
  auto h = host(with);
  ASSERT_TRUE(ask(h, "s1", open()));
  std::optional<reply> before;
  for (int i = 1; i < 35; ++i) {
    before = ask(h, "s1", note(i));
    ASSERT_TRUE(*before);
  }
  EXPECT_EQ((*before)->version, 35);
  pqxx::connection conn{conninfo};
  auto snaps = pqxx::nontransaction{conn}.exec(
    "SELECT version FROM snapshots WHERE stream_id = 'ticket-s1'"
    " ORDER BY version");
  ASSERT_EQ(snaps.size(), 3u);
  EXPECT_EQ(snaps[2][0].as<int>(), 30);

  // Without snapshots, from the events alone: the same state.
  EXPECT_EQ(replay("s1"), **before);

  // Proof the snapshot is what the reloaded entity starts from: the events
  // it covers are gone, yet the state comes back whole.
  wait_passivated(sys, h);
  pqxx::nontransaction{conn}.exec(
    "DELETE FROM events WHERE stream_id = 'ticket-s1' AND version <= 30");
  auto after = ask(h, "s1", note(1));
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, **before);
}

// A domain without snapshots saves none, even when its host's options ask
// for them every event.
TEST_F(EntityRuntime, ADomainWithoutSnapshotsSavesNone) {
  host_options every_event;
  every_event.entity.snapshot_every = 1;
  auto h
    = sys.spawn(entity_host<cart::cart_domain>, reader, appender, every_event);
  hosts.push_back(h);
  entity_ref<cart::cart_domain> carts{sys, h};
  auto made = carts.call(
    "c1", cart::create_cart{"reg_1", "eur", 0, "sc_1", "", "", {}, "x", 1});
  ASSERT_TRUE(made) << made.error().message;
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(carts.call(
      "c1", cart::update_cart{"a" + std::to_string(i) + "@example.com",
                              std::nullopt, std::nullopt, "x", 2 + i}));
  EXPECT_EQ(carts.call("c1", cart::get_cart{})->version, 4);
  EXPECT_FALSE(latest_snapshot(cart::cart_domain::stream("c1")));
}

// A snapshot stored under another schema name (an older state format) is
// not read as this one: the entity replays its events instead.
TEST_F(EntityRuntime, ASnapshotOfAnotherSchemaIsIgnored) {
  host_options with;
  with.entity.idle_timeout = std::chrono::milliseconds{100};
  with.entity.snapshot_every = 10;
  auto h = host(with);
  ASSERT_TRUE(ask(h, "s2", open()));
  std::optional<reply> before;
  for (int i = 1; i < 12; ++i)
    before = ask(h, "s2", note(i));
  ASSERT_TRUE(before && *before);
  wait_passivated(sys, h);
  pqxx::connection conn{conninfo};
  // Same version, decodable, but of a schema this build does not write.
  pqxx::nontransaction{conn}.exec(
    "UPDATE snapshots SET type = 'ticket.state.v0', state = jsonb_set(state,"
    " '{brief,text}', '\"from the old schema\"') WHERE stream_id = "
    "'ticket-s2'");
  auto after = ask(h, "s2", note(1));
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->brief, (*before)->brief);
  EXPECT_NE(after->brief.text, "from the old schema");
}

// The same for the stock item and the order numbers, whose streams get an
// event per order: the snapshot stands for the events it covers.
TEST_F(EntityRuntime, AStockItemRehydratedFromASnapshotEqualsAFullReplay) {
  using namespace inventory;
  host_options with;
  with.entity.idle_timeout = std::chrono::milliseconds{100};
  with.entity.snapshot_every = 10;
  auto h = host<inventory_domain>(with);
  auto send = [&](inventory_command c) {
    auto r = ask<inventory_domain>(h, "variant_1", std::move(c));
    EXPECT_TRUE(r) << r.error().message;
    return r;
  };
  send(set_stock{100, "x", 1});
  for (int i = 1; i <= 12; ++i) // 24 events: reserve, then settle
    send(reserve{"r" + std::to_string(i), i % 3 + 1, "x", 2});
  for (int i = 1; i <= 12; ++i)
    send(i % 2 ? inventory_command{consume{"r" + std::to_string(i), "x", 3}}
               : inventory_command{release{"r" + std::to_string(i), "x", 3}});
  auto before = send(reserve{"open", 5, "x", 4}); // version 26
  ASSERT_TRUE(before);
  EXPECT_EQ(before->version, 26);
  pg_event_store store{conninfo};
  auto events = store.read_stream(inventory_domain::stream("variant_1"));
  ASSERT_TRUE(events);
  inventory_state replayed;
  for (auto& ev : *events)
    replayed = evolve(std::move(replayed), *codec().decode(ev));
  EXPECT_EQ(replayed.version, 26);
  EXPECT_EQ(replayed.stocked, before->stocked);
  EXPECT_EQ(replayed.reserved, before->reserved);
  // The latest snapshot is the replay up to its version.
  auto snap = latest_snapshot(inventory_domain::stream("variant_1"));
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->version, 20);
  EXPECT_EQ(snap->type, "inventory.state.v1");
  inventory_state upto;
  for (auto& ev : *events)
    if (ev.version <= 20)
      upto = evolve(std::move(upto), *codec().decode(ev));
  EXPECT_EQ(decode_state(snap->state), upto);

  // Reloaded without the events the snapshot covers: the same state, and
  // the reservations are all there (a retried reserve is no change, the
  // open one releases its units).
  wait_passivated(sys, h);
  pqxx::connection conn{conninfo};
  pqxx::nontransaction{conn}.exec(
    "DELETE FROM events WHERE stream_id = 'inventory-variant_1'"
    " AND version <= 20");
  auto again = send(reserve{"open", 5, "x", 5});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 26);
  EXPECT_EQ(again->stocked, replayed.stocked);
  EXPECT_EQ(again->reserved, replayed.reserved);
  auto released = send(release{"open", "x", 6});
  EXPECT_EQ(released->reserved, replayed.reserved - 5);
}

TEST_F(EntityRuntime, OrderNumbersRehydratedFromASnapshotEqualAFullReplay) {
  using order::claim_number;
  using order::numbers_domain;
  host_options with;
  with.entity.idle_timeout = std::chrono::milliseconds{100};
  with.entity.snapshot_every = 10;
  auto h = host<numbers_domain>(with);
  auto claim = [&](const std::string& id) {
    auto r = ask<numbers_domain>(h, "default", claim_number{id, "x", 1});
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->number : -1;
  };
  for (int i = 1; i <= 25; ++i)
    ASSERT_EQ(claim("order_" + std::to_string(i)), i);
  pg_event_store store{conninfo};
  auto events = store.read_stream(numbers_domain::stream("default"));
  ASSERT_TRUE(events);
  order::numbers_state replayed;
  for (auto& ev : *events)
    replayed = numbers_domain::evolve(std::move(replayed),
                                      *numbers_domain::codec().decode(ev));
  auto snap = latest_snapshot(numbers_domain::stream("default"));
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->version, 20);
  order::numbers_state upto;
  for (auto& ev : *events)
    if (ev.version <= 20)
      upto = numbers_domain::evolve(std::move(upto),
                                    *numbers_domain::codec().decode(ev));
  EXPECT_EQ(numbers_domain::decode_state(snap->state), upto);

  wait_passivated(sys, h);
  pqxx::connection conn{conninfo};
  pqxx::nontransaction{conn}.exec(
    "DELETE FROM events WHERE stream_id = 'order-numbers-default'"
    " AND version <= 20");
  EXPECT_EQ(claim("order_3"), 3) << "a retried claim, from the snapshot";
  EXPECT_EQ(claim("order_22"), 22) << "a retried claim, from the events";
  EXPECT_EQ(claim("order_new"), 26);
  EXPECT_EQ(replayed.last, 25);
}

// Ids nobody created (a typo, a scan, a guessed cart id) leave no actor
// resident: the entity of an id without events stops once it has answered.
TEST_F(EntityRuntime, ReadsOfIdsThatDoNotExistLeaveNoEntityResident) {
  using order::order_domain;
  auto orders = host<order_domain>();
  auto stock = host<inventory::inventory_domain>();
  auto count = [&](caf::actor h) {
    caf::scoped_actor self{sys};
    std::int64_t n = -1;
    self->request(h, std::chrono::seconds{5}, count_atom::value)
      .receive([&](std::int64_t c) { n = c; }, [](caf::error&) {});
    return n;
  };
  for (int i = 0; i < 200; ++i) {
    auto missing
      = ask<order_domain>(orders, make_id("order"), order::get_order{});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain_errc::not_found);
    // A refused command on nothing, and a read that answers "nothing".
    EXPECT_FALSE(ask<order_domain>(orders, make_id("order"),
                                   order::ship_order{"T", "x", 1}));
    auto level = ask<inventory::inventory_domain>(stock, make_id("variant"),
                                                  inventory::get_stock{});
    ASSERT_TRUE(level);
    EXPECT_EQ(level->version, 0);
  }
  EXPECT_EQ(count(orders), 0);
  EXPECT_EQ(count(stock), 0);
  // Many callers at once for one missing id: every one is answered.
  caf::scoped_actor self{sys};
  for (int i = 0; i < 50; ++i)
    self->send(orders, std::string{"order_ghost"},
               order::order_command{order::get_order{}});
  for (int i = 0; i < 50; ++i)
    self->receive([](entity_reply<order_domain>& r) {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, domain_errc::not_found);
    });
  EXPECT_EQ(count(orders), 0);
  // Real entities still work and stay.
  auto placed = ask<order_domain>(
    orders, "o_real",
    order::place_order{
      "cus_1", "eur", {{"l1", "v1", "Cup", 1, 12}}, "x", 1, {}, {}});
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_EQ(count(orders), 1);
  auto read = ask<order_domain>(orders, "o_real", order::get_order{});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->version, 1);
  auto stocked = ask<inventory::inventory_domain>(
    stock, "variant_real", inventory::set_stock{5, "x", 1});
  ASSERT_TRUE(stocked);
  EXPECT_EQ(count(stock), 1);
}

TEST_F(EntityRuntime, AThrowingHandlerFailsOnlyItsCommand) {
  auto h = host<flaky_domain>();
  ASSERT_TRUE(ask(h, "f1", open()));
  ASSERT_TRUE(ask(h, "f2", open()));
  auto boom = ask(h, "f1", note(1, "boom"));
  ASSERT_FALSE(boom);
  EXPECT_EQ(boom.error().code, runtime_errc::internal);
  auto next = ask(h, "f1", note(2));
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->version, 2);
  auto other = ask(h, "f2", note(3));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->version, 2);
}

std::string busy(int n) {
  std::string out{"busy"};
  out += std::to_string(n);
  return out;
}

TEST_F(EntityRuntime, AFloodPastTheBoundIsOverloadedAndTheEntityRecovers) {
  host_options opts;
  opts.max_pending_per_entity = 5;
  opts.max_pending = 40;
  auto h = host(opts);
  constexpr int entities = 20;
  constexpr int per_entity = 500;
  for (int e = 0; e < entities; ++e)
    ASSERT_TRUE(ask(h, busy(e), open()));
  caf::scoped_actor self{sys};
  for (int i = 0; i < per_entity; ++i)
    for (int e = 0; e < entities; ++e)
      self->send(h, busy(e), note(i));
  int overloaded = 0;
  int applied = 0;
  int done = 0;
  for (int i = 0; i < entities * per_entity; ++i)
    self->receive([&](reply& r) {
      ++done;
      if (r) {
        ++applied;
      } else {
        EXPECT_EQ(r.error().code, runtime_errc::overloaded)
          << r.error().message;
        EXPECT_TRUE(r.error().retriable);
        ++overloaded;
      }
    });
  EXPECT_EQ(done, entities * per_entity) << "every command was answered";
  EXPECT_GT(overloaded, 0);
  EXPECT_GT(applied, 0);
  // Memory: the commands queued inside the host and its entities never
  // exceeded the bound, however many were sent.
  std::int64_t peak = 0;
  self->request(h, std::chrono::seconds{5}, peak_atom::value)
    .receive([&](std::int64_t p) { peak = p; }, [](caf::error&) {});
  EXPECT_GT(peak, 0);
  EXPECT_LE(peak, opts.max_pending);
  // Recovery: once the flood stops every entity takes commands again.
  for (int e = 0; e < entities; ++e) {
    auto later = ask(h, busy(e), note(1000));
    EXPECT_TRUE(later) << later.error().message;
  }
}

TEST_F(EntityRuntime, AStaleCommandIsRetriedOnceAfterAConflict) {
  auto h1 = host();
  auto h2 = host(); // a second node's host: same entities, same database
  ASSERT_TRUE(ask(h1, "c1", open()));
  ASSERT_TRUE(ask(h2, "c1", note(1))); // h2 loads version 1, writes 2
  auto r = ask(h1, "c1", note(2));     // h1 still at 1: conflict, reload
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(r->notes.size(), 2u);
}

// Loses the first `drops` appends (the database went away before they
// were written), then passes appends on to `real`.
caf::behavior lossy_appender(caf::event_based_actor* self, caf::actor real,
                             int drops) {
  auto left = std::make_shared<int>(drops);
  return {[=](append_atom, append_request& req) -> caf::result<append_result> {
    if ((*left)-- > 0)
      return append_result{
        store_error{store_errc::unavailable, "connection lost", -1}};
    auto rp = self->make_response_promise<append_result>();
    self->request(real, caf::infinite, append_atom::value, std::move(req))
      .then([rp](append_result& r) mutable { rp.deliver(std::move(r)); });
    return rp;
  }};
}

// An appender that holds the appends it gets until it is sent `count`,
// then passes them and every later one on to `real`.
struct held_appends {
  std::vector<std::pair<append_request, caf::response_promise>> held;
  bool released = false;
};
caf::behavior held_appender(caf::stateful_actor<held_appends>* self,
                            caf::actor real) {
  return {[=](append_atom, append_request& req) -> caf::result<append_result> {
            auto rp = self->make_response_promise();
            if (self->state.released)
              rp.delegate(real, append_atom::value, std::move(req));
            else
              self->state.held.emplace_back(std::move(req), rp);
            return caf::delegated<append_result>{};
          },
          [=](count_atom) {
            self->state.released = true;
            for (auto& [req, rp] : self->state.held)
              rp.delegate(real, append_atom::value, std::move(req));
            self->state.held.clear();
          }};
}

// Passivated while its append is in flight and a command waits behind it:
// both are answered before the entity stops (a lost reply otherwise: the
// caller of a dropped promise hears nothing at all).
TEST_F(EntityRuntime, APassivatedEntityAnswersWhatIsInFlightBeforeItStops) {
  auto held = sys.spawn(held_appender, appender);
  auto e = sys.spawn(entity<ticket_domain>, std::string{"t-held"}, reader, held,
                     entity_options{});
  caf::scoped_actor self{sys};
  self->monitor(e);
  self->send(e, ticket_command{open()});
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  self->send(e, ticket_command{note(1)});
  self->send(e, passivate_atom::value);
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  self->send(held, count_atom::value); // the appends go through from now
  int answered = 0;
  bool stopped = false;
  for (int i = 0; i < 3 && !stopped; ++i)
    self->receive(
      [&](entity_reply<ticket_domain>& r) {
        EXPECT_TRUE(r) << r.error().message;
        ++answered;
      },
      [&](caf::down_msg&) { stopped = true; },
      caf::after(std::chrono::seconds{10}) >> [] {});
  EXPECT_EQ(answered, 2) << "a command was dropped by the passivation";
  EXPECT_TRUE(stopped) << "the entity did not stop";
  caf::anon_send_exit(held, caf::exit_reason::user_shutdown);
  if (!stopped)
    caf::anon_send_exit(e, caf::exit_reason::kill);
}

// Commands change the state in place as they are decided; an append that
// fails must not leave its unsaved events in the entity.
TEST_F(EntityRuntime, AFailedAppendLeavesNoUnsavedChangeBehind) {
  using namespace order;
  auto lossy = sys.spawn(lossy_appender, appender, 1);
  auto h = sys.spawn(entity_host<order_domain>, reader, lossy, host_options{});
  hosts.push_back(h);
  auto send = [&](order_command cmd) {
    return ask<order_domain>(h, "o1", std::move(cmd));
  };
  place_order place{
    "cus_1", "eur", {{"l1", "v1", "Cup", 500, 12}}, "customer:cus_1", 1,
    {},      {}};
  auto lost = send(place);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, store_errc::unavailable);
  // Nothing was saved, so there is no order: not a placed one in memory.
  auto read = send(get_order{});
  EXPECT_FALSE(read && read->status != order_status::none)
    << "the entity kept an order that was never saved";
  auto placed = send(place);
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_EQ(placed->version, 1);
  caf::anon_send_exit(lossy, caf::exit_reason::user_shutdown);
}

TEST_F(EntityRuntime, AnOrderLivesThroughItsLifecycleAsAnEntity) {
  using namespace order;
  auto h
    = sys.spawn(entity_host<order_domain>, reader, appender, host_options{});
  hosts.push_back(h);
  auto send = [&](order_command cmd) {
    return ask<order_domain>(h, "o1", std::move(cmd));
  };
  ASSERT_TRUE(send(place_order{"cus_1",
                               "eur",
                               {{"l1", "v1", "Cup", 500, 12}},
                               "customer:cus_1",
                               1,
                               {},
                               {}}));
  ASSERT_TRUE(send(authorize_payment{"pay_1", 6000, "system", 2}));
  auto shipped_early = send(ship_order{"T1", "user:ada", 3});
  ASSERT_FALSE(shipped_early);
  EXPECT_EQ(shipped_early.error().message,
            "cannot move order from 'payment_authorized' to 'shipped'");
  auto captured = send(capture_payment{0, "user:ada", 4});
  ASSERT_TRUE(captured);
  EXPECT_EQ(captured->status, order_status::payment_captured);
  EXPECT_EQ(captured->captured, 6000);
  EXPECT_EQ(captured->version, 3);
  pg_event_store store{conninfo};
  auto events = store.read_stream("order-o1");
  ASSERT_TRUE(events);
  order_state replayed;
  for (auto& ev : *events)
    replayed = order::evolve(std::move(replayed), *order::codec().decode(ev));
  EXPECT_EQ(replayed, *captured);
}

} // namespace
} // namespace souk
