#include "actors/ticket/ticket_decide.hpp"

#include <gtest/gtest.h>

namespace souk::ticket {
namespace {

ticket_state given(const std::vector<ticket_event>& events) {
  ticket_state s;
  for (auto& e : events)
    s = evolve(std::move(s), e);
  return s;
}

ticket_opened opened() {
  return {"order_1",
          "line_1",
          "cus_1",
          "Pizza box 30 cm",
          "Logo on the lid, two colours",
          "system",
          1000};
}

// A ticket that reached `status` by moving forward one column at a time.
ticket_state at(ticket_status status) {
  std::vector<ticket_event> e{opened()};
  for (int i = 1; i < static_cast<int>(status); ++i)
    e.push_back(ticket_moved{static_cast<ticket_status>(i),
                             static_cast<ticket_status>(i + 1), "user:ada",
                             1000 + i});
  return given(e);
}

const ticket_status columns[]
  = {ticket_status::brief_received, ticket_status::designing_artwork,
     ticket_status::fulfilling, ticket_status::delivered};

TEST(TicketDecide, OpeningRecordsTheBriefAndStartsInBriefReceived) {
  auto d = decide({}, open_ticket{"order_1", "line_1", "cus_1", "Cups",
                                  "Blue logo", "system", 5});
  ASSERT_TRUE(d);
  auto s = given(*d);
  EXPECT_EQ(s.status, ticket_status::brief_received);
  EXPECT_EQ(s.brief, "Blue logo");
  EXPECT_EQ(s.opened_at, 5);
  EXPECT_EQ(s.version, 1);
}

TEST(TicketDecide, OpeningTwiceOrWithoutTitleOrOrderIsRejected) {
  EXPECT_EQ(decide(at(ticket_status::brief_received),
                   open_ticket{"o", "l", "c", "t", "", "x", 1})
              .error()
              .code,
            domain_errc::already_exists);
  EXPECT_EQ(decide({}, open_ticket{"o", "l", "c", "", "", "x", 1}).error().code,
            domain_errc::invalid_argument);
  EXPECT_EQ(decide({}, open_ticket{"", "l", "c", "t", "", "x", 1}).error().code,
            domain_errc::invalid_argument);
}

TEST(TicketDecide, CommandsToAMissingTicketAreNotFound) {
  for (ticket_command cmd :
       {ticket_command{update_brief{"b", "x", 1}},
        ticket_command{add_note{"n1", "hi", false, "x", 1}},
        ticket_command{move_ticket{ticket_status::designing_artwork, "x", 1}}})
    EXPECT_EQ(decide({}, cmd).error().code, domain_errc::not_found);
}

TEST(TicketDecide, MovesGoOneColumnForwardOrBackAndNeverOutOfDelivered) {
  for (auto from : columns)
    for (auto to : columns) {
      auto d = decide(at(from), move_ticket{to, "user:ada", 99});
      int distance = static_cast<int>(to) - static_cast<int>(from);
      bool allowed
        = (distance == 1 || distance == -1) && from != ticket_status::delivered;
      ASSERT_EQ(bool(d), allowed) << to_string(from) << " -> " << to_string(to);
      if (allowed) {
        auto s = evolve(at(from), d->front());
        EXPECT_EQ(s.status, to);
        EXPECT_EQ(s.moves.back().from, from);
        EXPECT_EQ(s.moves.back().by, "user:ada");
        EXPECT_EQ(s.moves.back().at, 99);
      } else {
        EXPECT_EQ(d.error(),
                  (domain_error{domain_errc::illegal_transition,
                                "cannot move ticket from '"
                                  + std::string{to_string(from)} + "' to '"
                                  + std::string{to_string(to)} + "'"}));
      }
    }
}

TEST(TicketDecide, MoveOutOfDeliveredIsRejected) {
  auto d = decide(at(ticket_status::delivered),
                  move_ticket{ticket_status::fulfilling, "user:ada", 1});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message,
            "cannot move ticket from 'delivered' to 'fulfilling'");
}

TEST(TicketDecide, NotesAreKeptInOrderAndARetriedNoteIsAddedOnce) {
  auto s = at(ticket_status::designing_artwork);
  auto first
    = decide(s, add_note{"n1", "Proof attached", false, "user:ada", 7});
  ASSERT_TRUE(first);
  s = evolve(std::move(s), first->front());
  auto internal
    = decide(s, add_note{"n2", "Customer is picky", true, "user:bob", 8});
  s = evolve(std::move(s), internal->front());
  auto retry
    = decide(s, add_note{"n1", "Proof attached", false, "user:ada", 9});
  ASSERT_TRUE(retry);
  EXPECT_TRUE(retry->empty());
  ASSERT_EQ(s.notes.size(), 2u);
  EXPECT_EQ(s.notes[0],
            (ticket_note{"n1", "Proof attached", false, "user:ada", 7}));
  EXPECT_TRUE(s.notes[1].internal);
  EXPECT_EQ(s.updated_at, 8);
}

TEST(TicketDecide, EmptyOrHugeNotesAreRejected) {
  auto s = at(ticket_status::brief_received);
  EXPECT_EQ(decide(s, add_note{"n", "", false, "x", 1}).error().code,
            domain_errc::invalid_argument);
  EXPECT_EQ(decide(s, add_note{"", "hi", false, "x", 1}).error().code,
            domain_errc::invalid_argument);
  EXPECT_EQ(decide(s, add_note{"n", std::string(10001, 'a'), false, "x", 1})
              .error()
              .code,
            domain_errc::invalid_argument);
  EXPECT_TRUE(decide(at(ticket_status::delivered),
                     add_note{"n", "thanks!", false, "customer:cus_1", 1}));
}

TEST(TicketDecide, BriefChangesUntilDeliveryAndTheSameBriefIsANoOp) {
  auto s = at(ticket_status::fulfilling);
  auto d = decide(s, update_brief{"Logo on both sides", "customer:cus_1", 3});
  ASSERT_TRUE(d);
  EXPECT_EQ(evolve(s, d->front()).brief, "Logo on both sides");
  EXPECT_TRUE(decide(s, update_brief{s.brief, "x", 1})->empty());
  EXPECT_EQ(decide(at(ticket_status::delivered), update_brief{"new", "x", 1})
              .error()
              .code,
            domain_errc::illegal_transition);
}

TEST(TicketStatus, NamesRoundTrip) {
  for (auto st : columns)
    EXPECT_EQ(parse_status(to_string(st)), st);
  EXPECT_FALSE(parse_status("archived"));
}

} // namespace
} // namespace souk::ticket
