// The stock item's and the order numbers' decide/evolve/codecs, pure.
#include "actors/inventory/inventory.hpp"
#include "actors/promotion/promotion_usage.hpp"

#include <gtest/gtest.h>

#include "actors/order/order_numbers.hpp"

namespace souk {
namespace {

using namespace inventory;

inventory_state run(std::vector<inventory_command> cmds) {
  inventory_state s;
  for (auto& c : cmds) {
    auto d = decide(s, c);
    EXPECT_TRUE(d) << d.error().message;
    if (d)
      for (auto& e : *d)
        s = evolve(std::move(s), e);
  }
  return s;
}

TEST(InventoryDecide, ReservingTheSameIdWithTheSameQuantityAgainIsNoChange) {
  auto s = run({set_stock{10, "x", 1}, reserve{"order_1:l1", 3, "x", 2}});
  auto again = decide(s, reserve{"order_1:l1", 3, "x", 3});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(s.reserved, 3);
}

TEST(InventoryDecide, ReservingTheSameIdWithAnotherQuantityIsRefused) {
  auto s = run({set_stock{10, "x", 1}, reserve{"order_1:l1", 3, "x", 2}});
  for (std::int64_t quantity : {2, 4}) {
    auto other = decide(s, reserve{"order_1:l1", quantity, "x", 3});
    ASSERT_FALSE(other) << "quantity " << quantity;
    EXPECT_EQ(other.error().code, domain_errc::already_exists);
    EXPECT_EQ(other.error().message,
              "reservation order_1:l1 holds 3 units; it cannot be made again "
              "for "
                + std::to_string(quantity));
  }
  EXPECT_EQ(decide(s, reserve{"order_1:l1", 0, "x", 3}).error().code,
            domain_errc::invalid_argument);
}

TEST(InventoryDecide, ReservingPastWhatIsAvailableIsRefusedNamingBothNumbers) {
  auto s = run({set_stock{2, "x", 1}, reserve{"a", 1, "x", 2}});
  auto r = decide(s, reserve{"b", 2, "x", 3});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, domain_errc::illegal_transition);
  EXPECT_EQ(r.error().message, "out of stock: 1 available, 2 requested");
}

TEST(InventoryDecide, ConsumingAReservationTakesItsUnitsOutOfStockOnce) {
  auto s = run({set_stock{10, "x", 1}, reserve{"a", 3, "x", 2},
                reserve{"b", 2, "x", 3}, consume{"a", "x", 4}});
  EXPECT_EQ(s.stocked, 7);
  EXPECT_EQ(s.reserved, 2);
  EXPECT_EQ(s.available(), 5);
  EXPECT_EQ(s.reservations.count("a"), 0u);
  // Redelivered, or after a release: no change.
  EXPECT_TRUE(decide(s, consume{"a", "x", 5})->empty());
  s = run(
    {set_stock{10, "x", 1}, reserve{"a", 3, "x", 2}, release{"a", "x", 3}});
  EXPECT_EQ(s.available(), 10);
  EXPECT_TRUE(decide(s, consume{"a", "x", 4})->empty());
  EXPECT_TRUE(decide(s, release{"a", "x", 4})->empty());
}

TEST(InventoryCodec, EveryEventSurvivesTheRoundTrip) {
  std::vector<inventory_event> all{stock_set{5, "user:ada", 1},
                                   units_reserved{"o:l1", 2, "wf", 2},
                                   reservation_released{"o:l1", "wf", 3},
                                   reservation_consumed{"o:l2", 4, "wf", 4}};
  std::int64_t version = 0;
  for (auto& e : all) {
    auto enc = encode(e);
    recorded_event rec;
    rec.stream_id = "inventory-v1";
    rec.version = ++version;
    rec.type = enc.type;
    rec.data = enc.data;
    auto back = codec().decode(rec);
    ASSERT_TRUE(back) << enc.type << ": " << back.error().message;
    EXPECT_EQ(encode(*back).data, enc.data) << enc.type;
    EXPECT_EQ(back->index(), e.index());
  }
}

TEST(InventorySnapshot, StateRoundTripsThroughJson) {
  auto s = run({set_stock{10, "x", 1}, reserve{"order_1:l1", 3, "x", 2},
                reserve{"cart \"q\":l2", 1, "x", 3}});
  auto back = decode_state(encode_state(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(decode_state("nonsense"));
  EXPECT_FALSE(decode_state(R"({"version":1,"stocked":1})"));
  // Reserved units that their reservations do not add up to: not trusted.
  EXPECT_FALSE(decode_state(
    R"({"version":2,"stocked":5,"reserved":4,"reservations":[{"reservation_id":"a","quantity":1}]})"));
}

using order::claim_number;
using order::numbers_domain;
using order::numbers_state;

numbers_state claim_all(int n) {
  numbers_state s;
  for (int i = 1; i <= n; ++i) {
    auto d = numbers_domain::decide(
      s, claim_number{"order_" + std::to_string(i), "x", i});
    for (auto& e : *d)
      s = numbers_domain::evolve(std::move(s), e);
  }
  return s;
}

TEST(OrderNumbers, ARetriedClaimGetsItsNumberAndANewOneTheNext) {
  auto s = claim_all(3);
  EXPECT_TRUE(
    numbers_domain::decide(s, claim_number{"order_2", "x", 9})->empty());
  EXPECT_EQ(numbers_domain::reply(s, claim_number{"order_2", "x", 9}).number,
            2);
  auto next = numbers_domain::decide(s, claim_number{"order_9", "x", 9});
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ(std::get<order::number_claimed>((*next)[0]).number, 4);
}

TEST(OrderNumbers, AStoreRemembersOnlyItsLatestClaimsAndNeverRepeatsANumber) {
  auto s = claim_all(static_cast<int>(order::claims_kept) + 5);
  EXPECT_EQ(s.last, order::claims_kept + 5);
  EXPECT_EQ(s.claims.size(), static_cast<size_t>(order::claims_kept));
  EXPECT_EQ(s.number_of("order_5"), 0) << "forgotten";
  EXPECT_EQ(s.number_of("order_6"), 6);
  // A forgotten claim asked again gets a new number, never an old one.
  auto late = numbers_domain::decide(s, claim_number{"order_1", "x", 1});
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ(std::get<order::number_claimed>((*late)[0]).number, s.last + 1);
}

TEST(OrderNumbers, StateRoundTripsThroughASnapshot) {
  auto s = claim_all(25);
  auto back = numbers_domain::decode_state(numbers_domain::encode_state(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(numbers_domain::decode_state(R"({"version":1})"));
}

} // namespace
} // namespace souk

namespace souk::promotion {
namespace {

usage_state uses(std::vector<usage_command> cmds) {
  usage_state s;
  for (auto& c : cmds) {
    auto d = decide(s, c);
    EXPECT_TRUE(d) << d.error().message;
    if (d)
      for (auto& e : *d)
        s = evolve(std::move(s), e);
  }
  return s;
}

// A limited code's uses: one per order, a retry takes none more, a full
// code refuses naming itself, a release frees one (and one not held is no
// change), and the limit is the one asked with.
TEST(PromotionUsage, UsesAreCountedOncePerOrderUpToTheLimit) {
  auto s
    = uses({use{"order_1", "TWO", 2, "x", 1}, use{"order_1", "TWO", 2, "x", 2},
            use{"order_2", "TWO", 2, "x", 3}});
  EXPECT_EQ(s.orders.size(), 2u);
  auto full = decide(s, use{"order_3", "TWO", 2, "x", 4});
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error(), (domain_error{domain_errc::illegal_transition,
                                        "The promotion code TWO has been used "
                                        "up"}));
  EXPECT_TRUE(decide(s, use{"order_3", "TWO", 3, "x", 4}))
    << "a higher limit frees a use";
  EXPECT_TRUE(decide(s, release{"order_9", "x", 5})->empty());
  auto freed
    = uses({use{"order_1", "TWO", 2, "x", 1}, use{"order_2", "TWO", 2, "x", 3},
            release{"order_1", "x", 5}, use{"order_3", "TWO", 2, "x", 6}});
  EXPECT_EQ(freed.orders, (std::set<std::string>{"order_2", "order_3"}));
}

} // namespace
} // namespace souk::promotion
