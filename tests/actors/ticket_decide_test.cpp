// The ticket's rules, pure: every move, the brief's window, proofs, files,
// notes, assignment, versions, voiding; and what each side sees.
#include "actors/ticket/ticket_decide.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "actors/ticket/ticket_views.hpp"

namespace souk::ticket {
namespace {

constexpr const char* ada = "user:user_ada";
constexpr const char* cus = "customer:cus_1";

ticket_state given(const std::vector<ticket_event>& events) {
  ticket_state s;
  for (auto& e : events)
    s = evolve(std::move(s), e);
  return s;
}

ticket_opened opened() {
  ticket_opened e;
  e.order_id = "order_1";
  e.order_display_id = 1042;
  e.number = 2;
  e.line_item_id = "line_1";
  e.customer_id = "cus_1";
  e.customer_email = "jo@example.com";
  e.product_title = "Pizza box";
  e.variant_title = "30 cm";
  e.quantity = 500;
  e.brief.text = "Logo on the lid";
  e.by = "workflow:create-tickets";
  e.at = 1000;
  return e;
}

ticket_state apply(ticket_state s, const ticket_command& cmd) {
  auto d = decide(s, cmd);
  EXPECT_TRUE(d) << d.error().message;
  if (d)
    for (auto& e : *d)
      s = evolve(std::move(s), e);
  return s;
}

ticket_file file(std::string id) {
  return {id, id + ".pdf", "application/pdf", 1234, "ab"};
}

// A ticket that reached `status` forward one column at a time (into
// fulfilling with an approved proof).
ticket_state at(ticket_status status) {
  auto s = given({opened()});
  for (int i = 1; i < static_cast<int>(status); ++i) {
    auto to = static_cast<ticket_status>(i + 1);
    if (to == ticket_status::fulfilling) {
      s = apply(s, attach_proof{file("proof_1"), ada, 50});
      s = apply(s,
                decide_proof{"proof_1", proof_status::approved, "", cus, 60});
    }
    s = apply(s, move_ticket{to, "", ada, 100 + i});
  }
  return s;
}

domain_errc refusal(const ticket_state& s, const ticket_command& c) {
  auto d = decide(s, c);
  EXPECT_FALSE(d) << "accepted";
  return d ? domain_errc{} : d.error().code;
}

const ticket_status columns[]
  = {ticket_status::brief_received, ticket_status::designing_artwork,
     ticket_status::fulfilling, ticket_status::delivered};

TEST(TicketDecide, OpeningRecordsTheItemAndStartsInBriefReceived) {
  auto s = apply({}, open_ticket{opened()});
  EXPECT_EQ(s.status, ticket_status::brief_received);
  EXPECT_EQ(s.display_id(), "1042-2");
  EXPECT_EQ(s.brief.text, "Logo on the lid");
  EXPECT_EQ(s.quantity, 500);
  EXPECT_EQ(s.status_changed_at, 1000);
  EXPECT_EQ(s.version, 1);
}

TEST(TicketDecide, OpeningTheSameItemAgainIsANoOpAndAnotherItemIsRefused) {
  auto s = given({opened()});
  auto again = decide(s, open_ticket{opened()});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty()) << "a repeated step opens nothing";
  auto other = opened();
  other.line_item_id = "line_2";
  EXPECT_EQ(refusal(s, open_ticket{other}), domain_errc::already_exists);
}

TEST(TicketDecide, OpeningNeedsOrderItemTitleQuantityAndABoundedBrief) {
  auto bad = [](auto change) {
    auto e = opened();
    change(e);
    return refusal({}, open_ticket{e});
  };
  EXPECT_EQ(bad([](auto& e) { e.order_id.clear(); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& e) { e.line_item_id.clear(); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& e) { e.product_title.clear(); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& e) { e.quantity = 0; }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& e) { e.brief.text = std::string(5001, 'x'); }),
            domain_errc::invalid_argument);
}

TEST(TicketDecide, CommandsToAMissingOrVoidedTicketAreNotFound) {
  auto voided = apply(at(ticket_status::designing_artwork),
                      void_ticket{"undone", "workflow:x", 5});
  for (auto& s : {ticket_state{}, voided})
    for (ticket_command cmd :
         {ticket_command{get_ticket{}},
          ticket_command{update_brief{{"b"}, cus, 1, {}}},
          ticket_command{add_note{"n1", "hi", false, cus, 1, {}}},
          ticket_command{
            move_ticket{ticket_status::fulfilling, "r", ada, 1, {}}},
          ticket_command{assign_ticket{"user_bob", ada, 1, {}}}})
      EXPECT_EQ(refusal(s, cmd), domain_errc::not_found);
  EXPECT_TRUE(decide(voided, void_ticket{"again", "workflow:x", 6})->empty());
}

TEST(TicketDecide, SupportMovesOneColumnAtATimeAndNeverOutOfDelivered) {
  for (auto from : columns)
    for (auto to : columns) {
      auto d = decide(at(from), move_ticket{to, "a reason", ada, 99, {}});
      int distance = static_cast<int>(to) - static_cast<int>(from);
      bool allowed
        = (distance == 1 || distance == -1) && from != ticket_status::delivered;
      ASSERT_EQ(bool(d), allowed) << to_string(from) << " -> " << to_string(to);
      if (allowed) {
        auto s = evolve(at(from), d->front());
        EXPECT_EQ(s.status, to);
        EXPECT_EQ(s.status_changed_at, 99);
        EXPECT_EQ(std::get<ticket_moved>(d->front()).from, from);
      } else {
        EXPECT_EQ(d.error().code, domain_errc::illegal_transition);
        EXPECT_EQ(d.error().message, "cannot move ticket from '"
                                       + std::string{to_string(from)} + "' to '"
                                       + std::string{to_string(to)} + "'");
      }
    }
}

TEST(TicketDecide, AMoveBackNeedsAReason) {
  auto s = at(ticket_status::fulfilling);
  auto d
    = decide(s, move_ticket{ticket_status::designing_artwork, "", ada, 9, {}});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, domain_errc::invalid_argument);
  EXPECT_EQ(d.error().message,
            "moving a ticket back to 'designing_artwork' needs a reason");
  auto back = apply(
    s,
    move_ticket{ticket_status::designing_artwork, "wrong colour", ada, 9, {}});
  EXPECT_EQ(back.status, ticket_status::designing_artwork);
}

TEST(TicketDecide, CustomersDoNotMoveTickets) {
  EXPECT_EQ(
    refusal(at(ticket_status::brief_received),
            move_ticket{ticket_status::designing_artwork, "", cus, 1, {}}),
    domain_errc::illegal_transition);
}

TEST(TicketDecide, FulfillingNeedsTheLatestProofApprovedOrAnOverrideReason) {
  auto s = at(ticket_status::designing_artwork);
  auto to_fulfilling = [](std::string reason) {
    return move_ticket{
      ticket_status::fulfilling, std::move(reason), ada, 9, {}};
  };
  // No proof.
  EXPECT_EQ(refusal(s, to_fulfilling("")), domain_errc::illegal_transition);
  // A pending proof.
  s = apply(s, attach_proof{file("p1"), ada, 10});
  EXPECT_EQ(refusal(s, to_fulfilling("")), domain_errc::illegal_transition);
  // Changes requested.
  s = apply(
    s, decide_proof{"p1", proof_status::changes_requested, "bigger", cus, 11});
  EXPECT_EQ(refusal(s, to_fulfilling("")), domain_errc::illegal_transition);
  // An approved proof, then a newer one pending: the latest counts.
  s = apply(s, attach_proof{file("p2"), ada, 12});
  s = apply(s, decide_proof{"p2", proof_status::approved, "", cus, 13});
  s = apply(s, attach_proof{file("p3"), ada, 14});
  EXPECT_EQ(refusal(s, to_fulfilling("")), domain_errc::illegal_transition);
  // An override with a reason is recorded.
  auto d = decide(s, to_fulfilling("customer approved by phone"));
  ASSERT_TRUE(d);
  EXPECT_EQ(std::get<ticket_moved>(d->front()).reason,
            "customer approved by phone");
  // The latest approved: no reason needed.
  s = apply(s, decide_proof{"p3", proof_status::approved, "", cus, 15});
  EXPECT_TRUE(decide(s, to_fulfilling("")));
}

TEST(TicketDecide, ProofsAreAttachedBySupportWhileTheArtworkIsDesigned) {
  for (auto st : columns) {
    auto d = decide(at(st), attach_proof{file("px"), ada, 5, {}});
    EXPECT_EQ(bool(d), st == ticket_status::designing_artwork) << to_string(st);
  }
  EXPECT_EQ(refusal(at(ticket_status::designing_artwork),
                    attach_proof{file("px"), cus, 5, {}}),
            domain_errc::illegal_transition);
}

TEST(TicketDecide, OnlyTheCustomerDecidesAndOnlyOnTheLatestPendingProof) {
  auto s = apply(at(ticket_status::designing_artwork),
                 attach_proof{file("p1"), ada, 10});
  EXPECT_EQ(refusal(s, decide_proof{"p1", proof_status::approved, "", ada, 11}),
            domain_errc::illegal_transition);
  EXPECT_EQ(
    refusal(s, decide_proof{"nope", proof_status::approved, "", cus, 11}),
    domain_errc::invalid_argument);
  EXPECT_EQ(refusal(s, decide_proof{"p1", proof_status::changes_requested, "",
                                    cus, 11}),
            domain_errc::invalid_argument)
    << "changes need a comment";
  s = apply(s, attach_proof{file("p2"), ada, 12});
  EXPECT_EQ(refusal(s, decide_proof{"p1", proof_status::approved, "", cus, 13}),
            domain_errc::illegal_transition)
    << "a newer proof replaced it";
  s = apply(s, decide_proof{"p2", proof_status::approved, "", cus, 13});
  EXPECT_TRUE(
    decide(s, decide_proof{"p2", proof_status::approved, "", cus, 14})->empty())
    << "the same answer again";
  EXPECT_EQ(refusal(s, decide_proof{"p2", proof_status::changes_requested, "no",
                                    cus, 14}),
            domain_errc::illegal_transition);
  EXPECT_EQ(s.latest_proof()->status, proof_status::approved);
  EXPECT_EQ(s.latest_proof()->decided_by, cus);
}

TEST(TicketDecide, TheBriefIsTheCustomersUntilTheArtworkIsSettled) {
  ticket_brief b{"Logo in navy",
                 {"navy", "white"},
                 "A4",
                 "500 please",
                 {"https://example.com/logo.png"}};
  for (auto st : columns) {
    auto d = decide(at(st), update_brief{brief_patch::all_of(b), cus, 3, {}});
    bool open = st == ticket_status::brief_received
                || st == ticket_status::designing_artwork;
    ASSERT_EQ(bool(d), open) << to_string(st);
    if (open)
      EXPECT_EQ(evolve(at(st), d->front()).brief, b);
    else
      EXPECT_EQ(d.error().code, domain_errc::illegal_transition);
  }
  auto s = at(ticket_status::brief_received);
  EXPECT_EQ(refusal(s, update_brief{brief_patch::all_of(b), ada, 3, {}}),
            domain_errc::illegal_transition);
  EXPECT_TRUE(
    decide(s, update_brief{brief_patch::all_of(s.brief), cus, 1, {}})->empty());
}

TEST(TicketDecide, ABriefEditChangesOnlyTheFieldsItNames) {
  auto s = at(ticket_status::brief_received);
  s = apply(s, update_brief{
                 {std::nullopt, std::vector<std::string>{"red"}}, cus, 2, {}});
  EXPECT_EQ(s.brief.text, "Logo on the lid");
  EXPECT_EQ(s.brief.colors, std::vector<std::string>{"red"});
}

TEST(TicketDecide, EveryFieldOfTheBriefIsBounded) {
  auto s = at(ticket_status::brief_received);
  auto bad = [&](auto change) {
    ticket_brief b;
    change(b);
    return refusal(s, update_brief{brief_patch::all_of(b), cus, 1, {}});
  };
  using namespace brief_limits;
  EXPECT_EQ(bad([](auto& b) { b.text.assign(text + 1, 'x'); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) { b.colors.assign(colors + 1, "red"); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) { b.colors = {std::string(color + 1, 'r')}; }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) { b.colors = {""}; }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) { b.print_size.assign(print_size + 1, 'x'); }),
            domain_errc::invalid_argument);
  EXPECT_EQ(
    bad([](auto& b) { b.quantity_notes.assign(quantity_notes + 1, 'x'); }),
    domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) {
              b.reference_urls.assign(reference_urls + 1, "https://a.example");
            }),
            domain_errc::invalid_argument);
  EXPECT_EQ(bad([](auto& b) { b.reference_urls = {"javascript:alert(1)"}; }),
            domain_errc::invalid_argument);
}

TEST(TicketDecide, CustomerFilesUntilTheArtworkIsSettledEachOnce) {
  for (auto st : columns) {
    auto d = decide(at(st), add_attachment{file("f1"), cus, 5, {}});
    EXPECT_EQ(bool(d), st == ticket_status::brief_received
                         || st == ticket_status::designing_artwork);
  }
  auto s = apply(at(ticket_status::brief_received),
                 add_attachment{file("f1"), cus, 5, {}});
  EXPECT_TRUE(decide(s, add_attachment{file("f1"), cus, 6, {}})->empty());
  EXPECT_EQ(s.attachments.size(), 1u);
  EXPECT_FALSE(s.attachments[0].proof);
  auto empty = file("f2");
  empty.size = 0;
  EXPECT_EQ(refusal(s, add_attachment{empty, cus, 6, {}}),
            domain_errc::invalid_argument);
}

TEST(TicketDecide, NotesGoOnAnyTimeOnceEachAndInternalOnesOnlyFromSupport) {
  auto s = at(ticket_status::delivered);
  s = apply(s, add_note{"n1", "Thanks!", false, cus, 7, {}});
  s = apply(s, add_note{"n2", "Keep the file", true, ada, 8, {}});
  EXPECT_TRUE(decide(s, add_note{"n1", "Thanks!", false, cus, 9, {}})->empty());
  ASSERT_EQ(s.notes.size(), 2u);
  EXPECT_TRUE(s.notes[1].internal);
  EXPECT_EQ(refusal(s, add_note{"n3", "psst", true, cus, 9, {}}),
            domain_errc::invalid_argument);
  EXPECT_EQ(refusal(s, add_note{"n3", "", false, cus, 9, {}}),
            domain_errc::invalid_argument);
  EXPECT_EQ(
    refusal(s, add_note{"n3", std::string(10001, 'a'), false, cus, 9, {}}),
    domain_errc::invalid_argument);
}

TEST(TicketDecide, OnlyTheSystemVoidsATicket) {
  auto s = at(ticket_status::brief_received);
  EXPECT_EQ(refusal(s, void_ticket{"mine", cus, 1}),
            domain_errc::illegal_transition);
  EXPECT_EQ(refusal(s, void_ticket{"mine", ada, 1}),
            domain_errc::illegal_transition);
  EXPECT_TRUE(
    apply(s, void_ticket{"undone", "workflow:create-tickets", 1}).voided);
}

TEST(TicketDecide, NotesAndEachKindOfFileAreBoundedPerTicket) {
  auto s = at(ticket_status::designing_artwork);
  for (std::size_t i = 0; i < text_limits::files; ++i)
    s = apply(s, add_attachment{file("f" + std::to_string(i)), cus, 2, {}});
  EXPECT_EQ(refusal(s, add_attachment{file("one-more"), cus, 3, {}}),
            domain_errc::invalid_argument);
  EXPECT_TRUE(decide(s, attach_proof{file("p1"), ada, 4, {}}))
    << "the customer's files never crowd out the proofs";
  for (std::size_t i = 0; i < text_limits::notes; ++i)
    s.notes.push_back({"n" + std::to_string(i), "x", false, cus, 5});
  EXPECT_EQ(refusal(s, add_note{"last", "hi", false, ada, 6, {}}),
            domain_errc::invalid_argument);
}

TEST(TicketDecide, SupportAssignsAndTheSameAssigneeIsANoOp) {
  auto s = apply(at(ticket_status::brief_received),
                 assign_ticket{"user_bob", ada, 3, {}});
  EXPECT_EQ(s.assignee_id, "user_bob");
  EXPECT_TRUE(decide(s, assign_ticket{"user_bob", ada, 4, {}})->empty());
  EXPECT_EQ(refusal(s, assign_ticket{"user_x", cus, 4, {}}),
            domain_errc::illegal_transition);
  s = apply(s, assign_ticket{"", ada, 5, {}});
  EXPECT_EQ(s.assignee_id, "");
}

TEST(TicketDecide, AWriteAgainstAnOlderVersionIsStale) {
  auto s = at(ticket_status::brief_received); // version 1
  ASSERT_EQ(s.version, 1);
  auto d
    = decide(s, move_ticket{ticket_status::designing_artwork, "", ada, 2, 1});
  EXPECT_TRUE(d);
  auto stale = decide(s, add_note{"n", "hi", false, ada, 2, std::int64_t{0}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, domain_errc::stale_version);
  EXPECT_EQ(stale.error().message,
            "the ticket changed: it is at version 1, not 0");
}

// -- what each side sees ------------------------------------------------------

std::vector<std::string> codes(const ticket_state& s, viewer v) {
  std::vector<std::string> out;
  for (auto& a : actions_for(flags_of(s), v))
    out.push_back(a.code);
  return out;
}

using strings = std::vector<std::string>;

TEST(TicketViews, ActionsRequiredFollowTheBriefTheProofAndTheLastPublicNote) {
  auto s = at(ticket_status::brief_received);
  EXPECT_EQ(codes(s, viewer::customer), strings{});
  s = apply(s, update_brief{brief_patch::all_of({}), cus, 2, {}});
  EXPECT_EQ(codes(s, viewer::customer), strings{"submit_brief"});
  EXPECT_EQ(codes(s, viewer::support), strings{"waiting_on_customer"});
  s = apply(s, update_brief{{"Big logo"}, cus, 3, {}});
  EXPECT_EQ(s.brief.text, "Big logo");
  s = apply(s, add_note{"n1", "When is it ready?", false, cus, 4, {}});
  EXPECT_EQ(codes(s, viewer::customer), strings{});
  EXPECT_EQ(codes(s, viewer::support), strings{"waiting_on_support"});
  s = apply(s, add_note{"n2", "internal only", true, ada, 5, {}});
  EXPECT_EQ(codes(s, viewer::support), strings{"waiting_on_support"})
    << "an internal note answers nobody";
  s = apply(s, move_ticket{ticket_status::designing_artwork, "", ada, 6, {}});
  s = apply(s, attach_proof{file("p1"), ada, 7, {}});
  s = apply(s, add_note{"n3", "Proof is up", false, ada, 8, {}});
  EXPECT_EQ(codes(s, viewer::customer),
            (strings{"approve_proof", "reply_to_support"}));
  s = apply(s, decide_proof{
                 "p1", proof_status::changes_requested, "Bigger", cus, 9, {}});
  EXPECT_EQ(codes(s, viewer::support),
            (strings{"waiting_on_support", "waiting_on_customer"}));
  EXPECT_EQ(codes(at(ticket_status::delivered), viewer::customer), strings{});
}

TEST(TicketViews, CustomersNeverSeeInternalNotes) {
  auto s = at(ticket_status::brief_received);
  s = apply(s, add_note{"n1", "public", false, ada, 2, {}});
  s = apply(s, add_note{"n2", "secret", true, ada, 3, {}});
  auto theirs = visible_notes(s, viewer::customer);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]->text, "public");
  EXPECT_EQ(visible_notes(s, viewer::support).size(), 2u);
}

std::string history(const std::vector<ticket_event>& events, viewer v) {
  std::vector<versioned_event> vs;
  for (std::size_t i = 0; i < events.size(); ++i)
    vs.push_back({static_cast<std::int64_t>(i + 1), events[i]});
  json_writer w;
  write_history(w, vs, v);
  return w.take();
}

TEST(TicketViews,
     HistoryShowsWhoWhenAndWhatAndHidesInternalThingsFromCustomers) {
  std::vector<ticket_event> events{
    opened(),
    brief_updated{{"Logo on the lid", {"navy"}, "", "", {}}, cus, 2000},
    note_added{"n1", "secret", true, ada, 3000},
    ticket_assigned{"", "user_bob", ada, 4000},
    ticket_moved{ticket_status::brief_received,
                 ticket_status::designing_artwork, "", ada, 5000},
    note_added{"n2", "Hello", false, ada, 6000}};
  auto support = history(events, viewer::support);
  auto customer = history(events, viewer::customer);
  simdjson::dom::parser p;
  auto all = p.parse(support).get_array().value();
  EXPECT_EQ(all.size(), 6u);
  simdjson::dom::parser q;
  auto theirs = q.parse(customer).get_array().value();
  ASSERT_EQ(theirs.size(), 4u);
  EXPECT_EQ(customer.find("secret"), std::string::npos);
  EXPECT_EQ(customer.find("user_bob"), std::string::npos);
  auto brief = theirs.at(1);
  EXPECT_EQ(std::string_view{brief["type"].get_string().value()},
            "brief_updated");
  EXPECT_EQ(std::string_view{brief["actor_role"].get_string().value()},
            "customer");
  EXPECT_EQ(std::string_view{brief["actor_id"].get_string().value()}, "cus_1");
  auto changes = brief["changes"].get_array().value();
  ASSERT_EQ(changes.size(), 1u) << "only the colors changed";
  EXPECT_EQ(std::string_view{changes.at(0)["field"].get_string().value()},
            "colors");
  auto move = theirs.at(2);
  EXPECT_EQ(std::string_view{move["type"].get_string().value()},
            "status_changed");
  EXPECT_EQ(std::string_view{move["to"].get_string().value()},
            "designing_artwork");
  EXPECT_EQ(move["version"].get_int64().value(), 5);
  EXPECT_EQ(std::string_view{move["created_at"].get_string().value()},
            "1970-01-01T00:00:05.000Z");
}

TEST(TicketIds, TheSameItemAlwaysHasTheSameTicketAndOthersAnother) {
  auto a = ticket_id_for("order_1", "item_1");
  EXPECT_EQ(a, ticket_id_for("order_1", "item_1"));
  EXPECT_NE(a, ticket_id_for("order_1", "item_2"));
  EXPECT_NE(a, ticket_id_for("order_2", "item_1"));
  EXPECT_EQ(a.size(), 30u);
  EXPECT_TRUE(a.starts_with("tkt_"));
}

TEST(TicketStatus, NamesRoundTrip) {
  for (auto st : columns)
    EXPECT_EQ(parse_status(to_string(st)), st);
  EXPECT_FALSE(parse_status("archived"));
  EXPECT_FALSE(parse_status("none"));
}

} // namespace
} // namespace souk::ticket
