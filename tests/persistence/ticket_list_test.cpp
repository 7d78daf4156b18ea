#include "persistence/ticket_list.hpp"

#include <algorithm>
#include <map>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/ticket/ticket_codec.hpp"
#include "actors/ticket/ticket_state.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/migrations.hpp"
#include "persistence/postgres.hpp"
#include "persistence/ticket_files.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using namespace ticket;

// Souk's migrations and the tickets module's, named as the module's are.
std::vector<migration_file> all_migrations() {
  auto files = embedded_migrations();
  for (auto& f : tickets_migrations())
    files.push_back({"tickets/" + f.name, f.sql});
  return files;
}

// A database with the tickets schema, the projection handler and the list,
// and the events fed so far per ticket (to offer them again).
class TicketList : public ::testing::Test {
protected:
  TicketList()
    : conninfo_(test::test_cluster::instance().fresh_database()),
      project_(ticket_list_projection(conninfo_)),
      list_(open_ticket_list(conninfo_)) {
    auto applied = migrate_database(conninfo_, all_migrations());
    if (!applied)
      throw std::runtime_error(applied.error());
  }

  // Feeds the next event of ticket `id` to the projection and folds it
  // into the ticket's state.
  void feed(const std::string& id, const ticket_event& e) {
    auto& stream = streams_[id];
    auto encoded = encode(e);
    recorded_event ev;
    ev.position = ++position_;
    ev.stream_id = "ticket-" + id;
    ev.version = static_cast<std::int64_t>(stream.size()) + 1;
    ev.event_id = "evt_" + std::to_string(ev.position);
    ev.type = encoded.type;
    ev.data = encoded.data;
    ev.committed_at = std::chrono::system_clock::now();
    stream.push_back(ev);
    states_[id] = evolve(states_[id], e);
    project_(ev);
  }

  // Offers every event fed so far again, in order.
  void redeliver_all() {
    for (auto& [id, stream] : streams_)
      for (auto& ev : stream)
        project_(ev);
  }

  void open(const std::string& id, const std::string& order_id,
            std::int64_t display, std::int64_t number,
            const std::string& customer, std::int64_t at,
            const std::string& product = "Mug",
            const std::string& variant = "Large",
            const std::string& email = "alice@example.com") {
    ticket_opened e;
    e.order_id = order_id;
    e.order_display_id = display;
    e.number = number;
    e.line_item_id = "line_" + id;
    e.customer_id = customer;
    e.customer_email = email;
    e.product_title = product;
    e.variant_title = variant;
    e.quantity = 2;
    e.by = "subscriber:create-tickets";
    e.at = at;
    feed(id, e);
  }

  void move(const std::string& id, ticket_status to, std::int64_t at) {
    feed(id, ticket_moved{states_[id].status, to, "", "user:ada", at});
  }

  ticket_row row(const std::string& id) {
    ticket_filter f;
    f.limit = 1000;
    auto p = page(f);
    for (auto& r : p.rows)
      if (r.id == id)
        return r;
    throw std::runtime_error("no row " + id);
  }

  std::vector<std::string> ids(const ticket_filter& f) {
    auto page = list_->list(f);
    if (!page)
      throw std::runtime_error(page.error().message);
    std::vector<std::string> out;
    for (auto& r : page->rows)
      out.push_back(r.id);
    return out;
  }

  ticket_page page(const ticket_filter& f) {
    auto p = list_->list(f);
    if (!p)
      throw std::runtime_error(p.error().message);
    return *p;
  }

  // The rows per status, counted from the table itself.
  std::map<std::string, std::int64_t> counted() {
    std::map<std::string, std::int64_t> out{{"brief_received", 0},
                                            {"designing_artwork", 0},
                                            {"fulfilling", 0},
                                            {"delivered", 0}};
    pqxx::connection c{conninfo_};
    for (auto r : pqxx::nontransaction{c}.exec(
           "SELECT status, count(*) FROM ticket_list GROUP BY status"))
      out[r[0].as<std::string>()] = r[1].as<std::int64_t>();
    return out;
  }

  // The row agrees with the ticket folded from the same events.
  void expect_matches_state(const std::string& id) {
    auto& s = states_[id];
    auto r = row(id);
    EXPECT_EQ(r.flags, flags_of(s)) << id << " at version " << s.version;
    EXPECT_EQ(r.status, to_string(s.status));
    EXPECT_EQ(r.assignee_id, s.assignee_id);
    EXPECT_EQ(r.version, s.version);
    EXPECT_EQ(r.created_at, s.opened_at);
    EXPECT_EQ(r.updated_at, s.updated_at);
    EXPECT_EQ(r.status_changed_at, s.status_changed_at);
  }

  std::string conninfo_;
  std::function<void(const recorded_event&)> project_;
  std::unique_ptr<ticket_list_port> list_;
  std::map<std::string, std::vector<recorded_event>> streams_;
  std::map<std::string, ticket_state> states_;
  std::int64_t position_ = 0;
};

ticket_file file(const std::string& id) {
  return {id, id + ".png", "image/png", 10, "ab"};
}

TEST(TicketsMigrations, ApplyOnceRecordedUnderTheModulesName) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  auto applied = migrate_database(conninfo, all_migrations());
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(*applied,
            (std::vector<std::string>{"tickets/0001_ticket_list.sql",
                                      "tickets/0002_ticket_files.sql"}));
  auto again = migrate_database(conninfo, all_migrations());
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST(TicketListEventTypes, AreEveryTicketEventNameTheCodecReads) {
  auto types = ticket_list_event_types();
  std::sort(types.begin(), types.end());
  EXPECT_EQ(types, codec().names());
}

TEST_F(TicketList, OpenedInsertsARowWithEveryColumnAndANewTicketsFlags) {
  open("t1", "order_1", 1042, 2, "cus_1", 1700000000123, "Mug", "Large",
       "alice@example.com");
  auto r = row("t1");
  EXPECT_EQ(r.order_id, "order_1");
  EXPECT_EQ(r.order_display_id, 1042);
  EXPECT_EQ(r.number, 2);
  EXPECT_EQ(r.display_id(), "1042-2");
  EXPECT_EQ(r.line_item_id, "line_t1");
  EXPECT_EQ(r.product_title, "Mug");
  EXPECT_EQ(r.variant_title, "Large");
  EXPECT_EQ(r.quantity, 2);
  EXPECT_EQ(r.customer_id, "cus_1");
  EXPECT_EQ(r.customer_email, "alice@example.com");
  EXPECT_EQ(r.status, "brief_received");
  EXPECT_EQ(r.assignee_id, "");
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(r.created_at, 1700000000123);
  EXPECT_EQ(r.updated_at, 1700000000123);
  EXPECT_EQ(r.status_changed_at, 1700000000123);
  EXPECT_EQ(r.flags, (ticket_flags{ticket_status::brief_received, true,
                                   std::nullopt, author_role::system}));
  EXPECT_EQ(actions_for(r.flags, viewer::customer).front().code,
            "submit_brief");
}

TEST_F(TicketList, EachEventTypeChangesItsColumnsAsTheFoldedTicketDoes) {
  open("t1", "order_1", 1042, 1, "cus_1", 1000);
  expect_matches_state("t1");
  ticket_brief brief;
  brief.text = "Blue logo";
  feed("t1", brief_updated{brief, "customer:cus_1", 1001});
  EXPECT_FALSE(row("t1").flags.brief_empty);
  expect_matches_state("t1");
  feed("t1", note_added{"n1", "Where is it?", false, "customer:cus_1", 1002});
  EXPECT_EQ(row("t1").flags.last_public_note, author_role::customer);
  expect_matches_state("t1");
  feed("t1", ticket_assigned{"", "user_ada", "user:lead", 1003});
  EXPECT_EQ(row("t1").assignee_id, "user_ada");
  expect_matches_state("t1");
  move("t1", ticket_status::designing_artwork, 1004);
  EXPECT_EQ(row("t1").status, "designing_artwork");
  EXPECT_EQ(row("t1").status_changed_at, 1004);
  expect_matches_state("t1");
  feed("t1", attachment_added{file("f1"), "customer:cus_1", 1005});
  EXPECT_EQ(row("t1").updated_at, 1005);
  expect_matches_state("t1");
  feed("t1", proof_attached{file("p1"), "user:ada", 1006});
  EXPECT_EQ(row("t1").flags.latest_proof, proof_status::pending);
  expect_matches_state("t1");
  feed("t1", proof_decided{"p1", proof_status::changes_requested, "Bigger",
                           "customer:cus_1", 1007});
  EXPECT_EQ(row("t1").flags.latest_proof, proof_status::changes_requested);
  expect_matches_state("t1");
  feed("t1", note_added{"n2", "On it", false, "user:ada", 1008});
  EXPECT_EQ(row("t1").flags.last_public_note, author_role::support);
  expect_matches_state("t1");
  feed("t1", proof_attached{file("p2"), "user:ada", 1009});
  // A late decision on the older proof leaves the latest one pending.
  feed("t1",
       proof_decided{"p1", proof_status::approved, "", "customer:cus_1", 1010});
  EXPECT_EQ(row("t1").flags.latest_proof, proof_status::pending);
  expect_matches_state("t1");
  feed("t1",
       proof_decided{"p2", proof_status::approved, "", "customer:cus_1", 1011});
  EXPECT_EQ(row("t1").flags.latest_proof, proof_status::approved);
  expect_matches_state("t1");
  feed("t1", ticket_assigned{"user_ada", "", "user:lead", 1012});
  EXPECT_EQ(row("t1").assignee_id, "");
  move("t1", ticket_status::fulfilling, 1013);
  expect_matches_state("t1");
  EXPECT_EQ(row("t1").version, 14);
}

TEST_F(TicketList, AnInternalNoteLeavesWhoWroteLastAsItWas) {
  open("t1", "order_1", 1, 1, "cus_1", 1000);
  feed("t1", note_added{"n1", "Help", false, "customer:cus_1", 1001});
  feed("t1", note_added{"n2", "Customer is VIP", true, "user:ada", 1002});
  auto r = row("t1");
  EXPECT_EQ(r.flags.last_public_note, author_role::customer);
  EXPECT_EQ(r.version, 3);
  EXPECT_EQ(r.updated_at, 1002);
  expect_matches_state("t1");
  ticket_filter waiting;
  waiting.waiting_on_support = true;
  EXPECT_EQ(ids(waiting), std::vector<std::string>{"t1"});
}

TEST_F(TicketList, EventsOfferedAgainChangeNothing) {
  open("t1", "order_1", 1, 1, "cus_1", 1000);
  open("t2", "order_1", 1, 2, "cus_1", 1000);
  feed("t1", note_added{"n1", "Hi", false, "customer:cus_1", 1001});
  move("t1", ticket_status::designing_artwork, 1002);
  feed("t1", proof_attached{file("p1"), "user:ada", 1003});
  feed("t1", ticket_assigned{"", "user_ada", "user:lead", 1004});
  move("t1", ticket_status::fulfilling, 1005);
  move("t2", ticket_status::designing_artwork, 1006);
  auto before = page({});
  redeliver_all();
  // And the old ones alone, newest first.
  for (auto i = streams_["t1"].rbegin(); i != streams_["t1"].rend(); ++i)
    project_(*i);
  auto after = page({});
  ASSERT_EQ(after.rows.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(after.rows[i].id, before.rows[i].id);
    EXPECT_EQ(after.rows[i].status, before.rows[i].status);
    EXPECT_EQ(after.rows[i].flags, before.rows[i].flags);
    EXPECT_EQ(after.rows[i].assignee_id, before.rows[i].assignee_id);
    EXPECT_EQ(after.rows[i].version, before.rows[i].version);
    EXPECT_EQ(after.rows[i].updated_at, before.rows[i].updated_at);
  }
  expect_matches_state("t1");
  expect_matches_state("t2");
  EXPECT_EQ(after.counts, before.counts);
  EXPECT_EQ(after.counts["fulfilling"], 1);
  EXPECT_EQ(after.counts["designing_artwork"], 1);
  EXPECT_EQ(after.counts, counted());
}

TEST_F(TicketList, AVoidedTicketIsGoneAndItsOldOpenedDoesNotBringItBack) {
  open("t1", "order_1", 1, 1, "cus_1", 1000);
  open("t2", "order_1", 1, 2, "cus_1", 1001);
  move("t1", ticket_status::designing_artwork, 1002);
  feed("t1",
       ticket_voided{"workflow undone", "subscriber:create-tickets", 1003});
  EXPECT_EQ(ids({}), std::vector<std::string>{"t2"});
  EXPECT_EQ(page({}).counts["designing_artwork"], 0);
  project_(streams_["t1"].front()); // its `opened` alone
  EXPECT_EQ(ids({}), std::vector<std::string>{"t2"});
  redeliver_all();
  EXPECT_EQ(ids({}), std::vector<std::string>{"t2"});
  auto p = page({});
  EXPECT_EQ(p.count, 1);
  EXPECT_EQ(p.counts, counted());
  EXPECT_EQ(p.counts["brief_received"], 1);
  auto of_order = list_->by_order("order_1");
  ASSERT_TRUE(of_order);
  ASSERT_EQ(of_order->size(), 1u);
  EXPECT_EQ(of_order->front().id, "t2");
}

TEST_F(TicketList, StatusCountsStayRightThroughOpensMovesVoidsAndRedelivery) {
  for (int i = 0; i < 12; ++i)
    open("t" + std::to_string(i), "order_" + std::to_string(i / 3), i / 3 + 1,
         i % 3 + 1, "cus_1", 1000 + i);
  EXPECT_EQ(page({}).counts, counted());
  for (int i = 0; i < 8; ++i)
    move("t" + std::to_string(i), ticket_status::designing_artwork, 2000 + i);
  for (int i = 0; i < 5; ++i)
    move("t" + std::to_string(i), ticket_status::fulfilling, 3000 + i);
  for (int i = 0; i < 2; ++i)
    move("t" + std::to_string(i), ticket_status::delivered, 4000 + i);
  move("t4", ticket_status::designing_artwork, 5000); // a move back
  feed("t3", ticket_voided{"", "subscriber:create-tickets", 6000});
  feed("t10", ticket_voided{"", "subscriber:create-tickets", 6001});
  auto expected = std::map<std::string, std::int64_t>{{"brief_received", 3},
                                                      {"designing_artwork", 4},
                                                      {"fulfilling", 1},
                                                      {"delivered", 2}};
  EXPECT_EQ(counted(), expected);
  auto p = page({});
  EXPECT_EQ(p.counts, expected);
  EXPECT_EQ(p.count, 10);
  redeliver_all();
  p = page({});
  EXPECT_EQ(p.counts, expected);
  EXPECT_EQ(counted(), expected);
  ticket_filter status;
  status.status = "designing_artwork";
  auto column = page(status);
  EXPECT_EQ(column.count, 4);
  EXPECT_EQ(column.rows.size(), 4u);
  EXPECT_EQ(column.counts, expected); // every column, whatever the status
}

TEST_F(TicketList, EachFilterSelectsItsTicketsAndCountsEveryStatusOfIt) {
  open("a1", "order_a", 1, 1, "cus_1", 1000);
  open("a2", "order_a", 1, 2, "cus_1", 1001);
  open("b1", "order_b", 2, 1, "cus_2", 1002);
  open("c1", "order_c", 3, 1, "cus_2", 1003);
  move("a2", ticket_status::designing_artwork, 1100);
  move("b1", ticket_status::designing_artwork, 1101);
  feed("a1", ticket_assigned{"", "user_ada", "user:lead", 1200});
  feed("b1", ticket_assigned{"", "user_ada", "user:lead", 1201});
  feed("c1", ticket_assigned{"", "user_bob", "user:lead", 1202});
  feed("b1", proof_attached{file("p1"), "user:ada", 1300});
  feed("b1", proof_decided{"p1", proof_status::changes_requested, "No",
                           "customer:cus_2", 1301});
  feed("c1", note_added{"n1", "Hello?", false, "customer:cus_2", 1302});
  feed("a2", note_added{"n2", "Done", false, "user:ada", 1303});

  ticket_filter f;
  f.status = "designing_artwork";
  EXPECT_EQ(ids(f), (std::vector<std::string>{"b1", "a2"}));
  f = {};
  f.order_id = "order_a";
  EXPECT_EQ(ids(f), (std::vector<std::string>{"a2", "a1"}));
  auto p = page(f);
  EXPECT_EQ(p.count, 2);
  EXPECT_EQ(p.counts["brief_received"], 1);
  EXPECT_EQ(p.counts["designing_artwork"], 1);
  EXPECT_EQ(p.counts["fulfilling"], 0);
  f = {};
  f.customer_id = "cus_2";
  EXPECT_EQ(ids(f), (std::vector<std::string>{"c1", "b1"}));
  f.status = "brief_received";
  p = page(f);
  EXPECT_EQ(ids(f), std::vector<std::string>{"c1"});
  EXPECT_EQ(p.count, 1);
  // The counts leave the status condition out: cus_2 has one in each.
  EXPECT_EQ(p.counts["brief_received"], 1);
  EXPECT_EQ(p.counts["designing_artwork"], 1);
  f = {};
  f.assignee_id = "user_ada";
  EXPECT_EQ(ids(f), (std::vector<std::string>{"b1", "a1"}));
  f.assignee_id = "";
  EXPECT_EQ(ids(f), std::vector<std::string>{"a2"});
  f = {};
  f.waiting_on_support = true;
  EXPECT_EQ(ids(f), (std::vector<std::string>{"c1", "b1"}));
  EXPECT_EQ(page(f).count, 2);
  f.assignee_id = "user_ada";
  EXPECT_EQ(ids(f), std::vector<std::string>{"b1"});
  f = {};
  f.order_id = "order_b";
  f.status = "brief_received";
  p = page(f);
  EXPECT_TRUE(p.rows.empty());
  EXPECT_EQ(p.count, 0);
  EXPECT_EQ(p.counts["designing_artwork"], 1);
  f = {};
  f.status = "no_such_status";
  EXPECT_TRUE(ids(f).empty());
  EXPECT_EQ(page(f).count, 0);
}

TEST_F(TicketList, SearchMatchesDisplayIdTitlesAndEmailIgnoringCaseLiterally) {
  open("t1", "order_1", 1042, 2, "cus_1", 1000, "Coffee Mug", "Large",
       "Alice@Example.com");
  open("t2", "order_2", 1043, 1, "cus_2", 1001, "T-shirt", "Small_red",
       "bob@example.com");
  open("t3", "order_3", 10421, 1, "cus_3", 1002, "Poster 100%", "A2",
       "carol@example.org");
  auto search = [&](const std::string& q) {
    ticket_filter f;
    f.q = q;
    return ids(f);
  };
  EXPECT_EQ(search("1042-2"), std::vector<std::string>{"t1"});
  EXPECT_EQ(search("1042"), (std::vector<std::string>{"t3", "t1"}));
  EXPECT_EQ(search("coffee mug"), std::vector<std::string>{"t1"});
  EXPECT_EQ(search("LARGE"), std::vector<std::string>{"t1"});
  EXPECT_EQ(search("alice@example"), std::vector<std::string>{"t1"});
  EXPECT_EQ(search("example.com"), (std::vector<std::string>{"t2", "t1"}));
  EXPECT_EQ(search("small_"), std::vector<std::string>{"t2"});
  // Wildcards are plain characters.
  EXPECT_EQ(search("%"), std::vector<std::string>{"t3"});
  EXPECT_EQ(search("_"), std::vector<std::string>{"t2"});
  EXPECT_EQ(search("l_rge"), std::vector<std::string>{});
  EXPECT_EQ(search("\\"), std::vector<std::string>{});
  EXPECT_EQ(search("nothing"), std::vector<std::string>{});
  EXPECT_EQ(search("").size(), 3u);
  ticket_filter f;
  f.q = "example.com";
  auto p = page(f);
  EXPECT_EQ(p.count, 2);
  EXPECT_EQ(p.counts["brief_received"], 2);
}

TEST_F(TicketList, PagesAreNewestFirstAndNeitherRepeatNorSkipARow) {
  // Three tickets per instant: the id breaks the tie.
  for (int i = 0; i < 10; ++i)
    open("t" + std::to_string(i), "order_" + std::to_string(i), i + 1, 1,
         "cus_1", 1000 + i / 3);
  ticket_filter all;
  all.limit = 100;
  auto whole = ids(all);
  EXPECT_EQ(whole, (std::vector<std::string>{"t9", "t8", "t7", "t6", "t5", "t4",
                                             "t3", "t2", "t1", "t0"}));
  std::vector<std::string> paged;
  ticket_filter f;
  f.limit = 3;
  for (f.offset = 0; f.offset < 12; f.offset += 3) {
    auto p = page(f);
    EXPECT_EQ(p.count, 10);
    for (auto& r : p.rows)
      paged.push_back(r.id);
  }
  EXPECT_EQ(paged, whole);
  // A status change moves nothing: the order is by creation.
  move("t5", ticket_status::designing_artwork, 9000);
  EXPECT_EQ(ids(all), whole);
}

TEST_F(TicketList, ByOrderListsTheOrdersTicketsByNumber) {
  open("x3", "order_1", 7, 3, "cus_1", 1000);
  open("x1", "order_1", 7, 1, "cus_1", 1001);
  open("y1", "order_2", 8, 1, "cus_1", 1002);
  open("x2", "order_1", 7, 2, "cus_1", 1003);
  auto rows = list_->by_order("order_1");
  ASSERT_TRUE(rows) << rows.error().message;
  std::vector<std::int64_t> numbers;
  for (auto& r : *rows)
    numbers.push_back(r.number);
  EXPECT_EQ(numbers, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(rows->front().id, "x1");
  auto none = list_->by_order("order_9");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(TicketList,
       OrdersWithoutTicketsAreOrderListRowsWithNoTicketOldestFirst) {
  pqxx::connection c{conninfo_};
  pqxx::nontransaction tx{c};
  // Each order's stream begins with its placing (what the starter reads).
  group_commit_writer writer{{conninfo_}};
  std::vector<std::int64_t> placed_at;
  for (int i = 1; i <= 5; ++i) {
    auto ok = writer.append({"order-order_" + std::to_string(i),
                             no_stream,
                             {{"order.placed.v1", "{}", {}, ""}}});
    ASSERT_TRUE(ok) << ok.error().message;
    placed_at.push_back(ok->last_position);
  }
  for (int i = 1; i <= 5; ++i)
    tx.exec_params(
      "INSERT INTO order_list (id, display_id, customer_id, email, status,"
      " currency_code, total, created_at, updated_at) VALUES ($1, $2, 'cus_1',"
      " 'a@example.com', 'placed', 'eur', 100, to_timestamp($2::bigint),"
      " to_timestamp($2::bigint))",
      "order_" + std::to_string(i), i);
  open("t2", "order_2", 2, 1, "cus_1", 1000);
  open("t4", "order_4", 4, 1, "cus_1", 1001);
  open("t5", "order_5", 5, 1, "cus_1", 1002);
  feed("t5", ticket_voided{"", "subscriber:create-tickets", 1003});
  auto missing = list_->orders_without_tickets(10, "create-tickets");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(*missing, (std::vector<std::string>{"order_1", "order_3"}));
  auto first = list_->orders_without_tickets(1, "create-tickets");
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, std::vector<std::string>{"order_1"});
  // The starter took over before order_3 was placed: order_3 is its.
  tx.exec_params("INSERT INTO subscriber_checkpoints (name, position)"
                 " VALUES ('create-tickets', $1)",
                 placed_at[2] - 1);
  EXPECT_EQ(*list_->orders_without_tickets(10, "create-tickets"),
            std::vector<std::string>{"order_1"});
  open("t1", "order_1", 1, 1, "cus_1", 1004);
  EXPECT_TRUE(list_->orders_without_tickets(10, "create-tickets")->empty());
}

TEST_F(TicketList, FeedHeadIsTheNewestPositionInTheEventStore) {
  auto empty = list_->feed_head();
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(*empty, 0);
  group_commit_writer writer{{conninfo_}};
  auto ok = writer.append({"ticket-t1",
                           no_stream,
                           {encode(ticket_voided{"", "system", 1}),
                            encode(ticket_voided{"", "system", 2})}});
  ASSERT_TRUE(ok) << ok.error().message;
  auto head = list_->feed_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(*head, ok->last_position);
  EXPECT_EQ(*head, 2);
}

// The same database, for the file store.
class TicketFiles : public TicketList {};

TEST_F(TicketFiles, AnyBytesRoundTripOnlyForTheirTicketUntilRemoved) {
  auto files = open_ticket_files(conninfo_);
  ticket_file_row f;
  f.id = "file_1";
  f.ticket_id = "t1";
  f.filename = "logo.png";
  f.content_type = "image/png";
  for (int i = 0; i < 256; ++i)
    f.bytes.push_back(static_cast<char>(i));
  f.bytes += std::string{"\0\xff\0", 3};
  f.size = static_cast<std::int64_t>(f.bytes.size());
  f.sha256 = "00ff";
  f.created_at = 1700000000123;
  auto put = files->put(f);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_TRUE(*put);
  auto got = files->get("t1", "file_1");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_TRUE(*got);
  auto& g = **got;
  EXPECT_EQ(g.bytes.size(), 259u);
  EXPECT_EQ(g.bytes, f.bytes);
  EXPECT_EQ(g.bytes[0], '\0');
  EXPECT_EQ(g.bytes[255], '\xff');
  EXPECT_EQ(g.id, f.id);
  EXPECT_EQ(g.ticket_id, "t1");
  EXPECT_EQ(g.filename, "logo.png");
  EXPECT_EQ(g.content_type, "image/png");
  EXPECT_EQ(g.size, 259);
  EXPECT_EQ(g.sha256, "00ff");
  EXPECT_EQ(g.created_at, 1700000000123);
  // Another ticket's file is not found.
  auto other = files->get("t2", "file_1");
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  // A second put of the id keeps the first.
  auto again = f;
  again.bytes = "other";
  EXPECT_FALSE(*files->put(again));
  EXPECT_EQ((*files->get("t1", "file_1"))->bytes, f.bytes);
  ticket_file_row empty = f;
  empty.id = "file_2";
  empty.bytes.clear();
  empty.size = 0;
  EXPECT_TRUE(*files->put(empty));
  EXPECT_EQ((*files->get("t1", "file_2"))->bytes, "");
  auto removed = files->remove("file_1");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  EXPECT_FALSE(*files->get("t1", "file_1"));
  EXPECT_FALSE(*files->remove("file_1"));
  EXPECT_TRUE(*files->get("t1", "file_2"));
}

} // namespace
} // namespace souk
