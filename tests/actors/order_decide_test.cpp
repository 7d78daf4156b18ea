#include "actors/order/order_decide.hpp"

#include <gtest/gtest.h>

namespace souk::order {
namespace {

// Given events, when a command: then events, or an error.
order_state given(const std::vector<order_event>& events) {
  order_state s;
  for (auto& e : events)
    s = evolve(std::move(s), e);
  return s;
}

const std::vector<order_line> cups
  = {{"line_1", "variant_cup8", "Printed cup 8oz", 500, 12},
     {"line_2", "variant_box", "Pizza box", 100, 95}};

order_placed placed() {
  return {"cus_1",          "eur", cups, 500 * 12 + 100 * 95,
          "customer:cus_1", 1000,  {}};
}

// The lifecycle up to each status, by the events that lead there.
std::vector<order_event> up_to(order_status status) {
  std::vector<order_event> e;
  if (status == order_status::none)
    return e;
  e.push_back(placed());
  if (status == order_status::placed)
    return e;
  if (status == order_status::canceled) {
    e.push_back(order_canceled{"changed mind", "customer:cus_1", 1500});
    return e;
  }
  e.push_back(payment_authorized{"pay_1", 15500, "system", 2000});
  if (status == order_status::payment_authorized)
    return e;
  e.push_back(payment_captured{15500, "user:ada", 3000});
  if (status == order_status::payment_captured)
    return e;
  e.push_back(order_fulfilled{"user:ada", 4000});
  if (status == order_status::fulfilled)
    return e;
  e.push_back(order_shipped{"TRACK1", "user:ada", 5000});
  if (status == order_status::shipped)
    return e;
  e.push_back(order_delivered{"user:ada", 6000});
  if (status == order_status::delivered)
    return e;
  e.push_back(order_completed{"system", 7000});
  return e;
}

const std::vector<order_status> all_statuses
  = {order_status::none,
     order_status::placed,
     order_status::payment_authorized,
     order_status::payment_captured,
     order_status::fulfilled,
     order_status::shipped,
     order_status::delivered,
     order_status::completed,
     order_status::canceled};

TEST(OrderDecide, PlaceComputesTheTotalFromTheLines) {
  auto d = decide(
    {}, place_order{"cus_1", "eur", cups, "customer:cus_1", 1, {}, {}});
  ASSERT_TRUE(d);
  ASSERT_EQ(d->size(), 1u);
  auto& e = std::get<order_placed>(d->front());
  EXPECT_EQ(e.total, 15500);
  EXPECT_EQ(e.by, "customer:cus_1");
  auto s = given(*d);
  EXPECT_EQ(s.status, order_status::placed);
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.history.front(),
            (status_change{order_status::none, order_status::placed,
                           "customer:cus_1", 1}));
}

// Checkout places and authorises in one command: one append, two events.
TEST(OrderDecide, PlaceWithAPaymentAuthorisesTheExactTotalToo) {
  place_order c{"cus_1", "eur", cups, "x", 1, {}, {}};
  c.payment = authorize_payment{"pay_1", 15500, "x", 1};
  auto d = decide({}, c);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->size(), 2u);
  EXPECT_TRUE(std::holds_alternative<payment_authorized>((*d)[1]));
  EXPECT_EQ(given(*d).status, order_status::payment_authorized);
  c.payment->amount = 15499;
  EXPECT_EQ(decide({}, c).error().code, domain_errc::invalid_argument);
}

TEST(OrderDecide, PlaceWithBadDataIsRejected) {
  auto code = [](place_order c) { return decide({}, c).error().code; };
  EXPECT_EQ(code({"cus_1", "eur", {}, "x", 1, {}, {}}),
            domain_errc::invalid_argument);
  EXPECT_EQ(code({"cus_1", "euro", cups, "x", 1, {}, {}}),
            domain_errc::invalid_argument);
  auto zero = cups;
  zero[0].quantity = 0;
  EXPECT_EQ(code({"cus_1", "eur", zero, "x", 1, {}, {}}),
            domain_errc::invalid_argument);
  auto negative = cups;
  negative[1].unit_price = -1;
  EXPECT_EQ(code({"cus_1", "eur", negative, "x", 1, {}, {}}),
            domain_errc::invalid_argument);
}

TEST(OrderDecide, PlacingTwiceIsRejected) {
  auto d = decide(given(up_to(order_status::placed)),
                  place_order{"cus_1", "eur", cups, "x", 1, {}, {}});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, domain_errc::already_exists);
}

TEST(OrderDecide, CommandsToAMissingOrderAreNotFound) {
  auto d = decide({}, ship_order{"T", "user:ada", 1});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(),
            (domain_error{domain_errc::not_found, "order not found"}));
}

// Every step of the main line is allowed from exactly one status.
struct step_case {
  order_command cmd;
  order_status from;
  order_status to;
};

TEST(OrderDecide, EachStepIsAllowedOnlyFromItsOwnStatus) {
  std::vector<step_case> steps = {
    {authorize_payment{"pay_1", 15500, "system", 1}, order_status::placed,
     order_status::payment_authorized},
    {capture_payment{0, "user:ada", 1}, order_status::payment_authorized,
     order_status::payment_captured},
    {fulfill_order{"user:ada", 1}, order_status::payment_captured,
     order_status::fulfilled},
    {ship_order{"TRACK", "user:ada", 1}, order_status::fulfilled,
     order_status::shipped},
    {mark_delivered{"user:ada", 1}, order_status::shipped,
     order_status::delivered},
    {complete_order{"system", 1}, order_status::delivered,
     order_status::completed},
  };
  for (auto& step : steps)
    for (auto from : all_statuses) {
      if (from == order_status::none)
        continue; // not_found, tested above
      auto d = decide(given(up_to(from)), step.cmd);
      if (from == step.from) {
        ASSERT_TRUE(d) << to_string(from) << ": " << d.error().message;
        auto after = given(up_to(from));
        for (auto& e : *d)
          after = evolve(std::move(after), e);
        EXPECT_EQ(after.status, step.to);
        EXPECT_EQ(after.history.back().from, from);
      } else {
        ASSERT_FALSE(d) << to_string(from) << " -> " << to_string(step.to);
        EXPECT_EQ(d.error(),
                  (domain_error{domain_errc::illegal_transition,
                                "cannot move order from '"
                                  + std::string{to_string(from)} + "' to '"
                                  + std::string{to_string(step.to)} + "'"}));
      }
    }
}

TEST(OrderDecide, CancelIsAllowedOnlyBeforeFulfilment) {
  for (auto from : all_statuses) {
    if (from == order_status::none)
      continue;
    auto d = decide(given(up_to(from)), cancel_order{"no", "user:ada", 9});
    bool allowed = from == order_status::placed
                   || from == order_status::payment_authorized
                   || from == order_status::payment_captured;
    EXPECT_EQ(bool(d), allowed) << to_string(from);
    if (allowed) {
      auto s = given(up_to(from));
      s = evolve(std::move(s), d->front());
      EXPECT_EQ(s.status, order_status::canceled);
      EXPECT_EQ(s.cancel_reason, "no");
      EXPECT_EQ(s.history.back().by, "user:ada");
      EXPECT_EQ(s.history.back().at, 9);
    }
  }
}

TEST(OrderDecide, RefundIsAllowedOnlyAfterACaptureAndUpToIt) {
  for (auto from : all_statuses) {
    if (from == order_status::none)
      continue;
    auto d = decide(given(up_to(from)),
                    refund_payment{100, "damaged", "user:ada", 9});
    bool captured = from != order_status::placed
                    && from != order_status::payment_authorized
                    && from != order_status::canceled;
    EXPECT_EQ(bool(d), captured) << to_string(from);
    if (!d) {
      EXPECT_EQ(d.error().code, domain_errc::illegal_transition);
    }
  }
  auto s = given(up_to(order_status::delivered));
  auto part = decide(s, refund_payment{15000, "damaged", "user:ada", 9});
  ASSERT_TRUE(part);
  s = evolve(std::move(s), part->front());
  EXPECT_EQ(s.refunded, 15000);
  EXPECT_EQ(s.status, order_status::delivered) << "money, not lifecycle";
  auto too_much = decide(s, refund_payment{501, "again", "user:ada", 10});
  ASSERT_FALSE(too_much);
  EXPECT_EQ(too_much.error(), (domain_error{domain_errc::invalid_argument,
                                            "refund amount must be between 1 "
                                            "and 500"}));
  EXPECT_FALSE(decide(s, refund_payment{0, "", "user:ada", 10}));
}

TEST(OrderDecide, RefundAfterCancelOfACapturedOrderIsAllowed) {
  auto events = up_to(order_status::payment_captured);
  events.push_back(order_canceled{"out of stock", "user:ada", 3500});
  auto d = decide(given(events), refund_payment{15500, "cancel", "system", 4});
  EXPECT_TRUE(d);
}

TEST(OrderDecide, AuthorisationMustMatchTheTotalAndCaptureTheAuthorised) {
  auto placed_state = given(up_to(order_status::placed));
  EXPECT_FALSE(decide(placed_state, authorize_payment{"p", 1, "system", 1}));
  auto authorized = given(up_to(order_status::payment_authorized));
  EXPECT_FALSE(decide(authorized, capture_payment{15501, "system", 1}));
  auto d = decide(authorized, capture_payment{0, "system", 1});
  ASSERT_TRUE(d);
  EXPECT_EQ(std::get<payment_captured>(d->front()).amount, 15500);
}

TEST(OrderApply, ReplayingTheLifecycleKeepsEveryTransitionInHistory) {
  auto s = given(up_to(order_status::completed));
  EXPECT_EQ(s.version, 7);
  ASSERT_EQ(s.history.size(), 7u);
  EXPECT_EQ(s.history[3],
            (status_change{order_status::payment_captured,
                           order_status::fulfilled, "user:ada", 4000}));
  EXPECT_EQ(s.tracking_number, "TRACK1");
  EXPECT_EQ(s.captured, 15500);
}

} // namespace
// The admin writes amounts in major units; the order reads them in its own
// currency (the route need not ask it first).
TEST(OrderDecide, AnAmountInMajorUnitsIsReadInTheOrdersCurrency) {
  auto captured = given(up_to(order_status::payment_captured));
  auto d
    = decide(captured, refund_payment{0, "damaged", "user:ada", 9, "12.50"});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(std::get<order_refunded>(d->front()).amount, 1250);
  auto authorized = given(up_to(order_status::payment_authorized));
  auto part = decide(authorized, capture_payment{0, "user:ada", 9, "100"});
  ASSERT_TRUE(part) << part.error().message;
  EXPECT_EQ(std::get<payment_captured>(part->front()).amount, 10000);
  for (auto bad : {"-1", "0", "1.234", "abc"})
    EXPECT_EQ(
      decide(captured, refund_payment{0, "x", "user:ada", 9, bad}).error(),
      (domain_error{domain_errc::invalid_argument,
                    "amount must be a positive amount in eur"}))
      << bad;
  // A bad amount is the caller's mistake whatever the order's status.
  auto placed = given(up_to(order_status::placed));
  EXPECT_EQ(decide(placed, capture_payment{0, "x", 1, "abc"}).error().code,
            domain_errc::invalid_argument);
}

} // namespace souk::order
