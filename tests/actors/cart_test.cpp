// The cart's decide/evolve/totals/codec, pure.
#include <gtest/gtest.h>

#include "actors/cart/cart_decide.hpp"

namespace souk::cart {
namespace {

line_item box(std::string id, std::string variant, std::int64_t qty,
              std::int64_t price = 120) {
  return {std::move(id), std::move(variant), "prod_1", "Pizza Box",
          "30cm",        "PIZZA-30",         price,    qty};
}

cart_state run(std::vector<cart_command> cmds) {
  cart_state s;
  for (auto& c : cmds) {
    auto d = decide(s, c);
    EXPECT_TRUE(d) << d.error().message;
    if (d)
      for (auto& e : *d)
        s = evolve(std::move(s), e);
  }
  return s;
}

create_cart open_cart() {
  return {"reg_1", "eur", 1900, "sc_1", "", "ada@example.com", {}, "x", 1};
}

TEST(CartDecide, AddingAVariantTwiceAddsToItsLine) {
  auto s = run({open_cart(), add_line_item{box("li_1", "v1", 2), "x", 2},
                add_line_item{box("li_2", "v1", 3), "x", 3}});
  ASSERT_EQ(s.items.size(), 1u);
  EXPECT_EQ(s.items[0].quantity, 5);
}

TEST(CartDecide, QuantitiesOutsideTheBoundsAreInvalid) {
  auto s = run({open_cart()});
  EXPECT_EQ(decide(s, add_line_item{box("li", "v", 0), "x", 2}).error().code,
            domain_errc::invalid_argument);
  EXPECT_FALSE(decide(s, add_line_item{box("li", "v", -3), "x", 2}));
  EXPECT_FALSE(
    decide(s, add_line_item{box("li", "v", max_quantity + 1), "x", 2}));
  s = run({open_cart(), add_line_item{box("li_1", "v1", 2), "x", 2}});
  EXPECT_FALSE(decide(s, update_line_item{"li_1", -1, "x", 3}));
  auto removed = decide(s, update_line_item{"li_1", 0, "x", 3});
  ASSERT_TRUE(removed);
  EXPECT_TRUE(std::holds_alternative<line_item_removed>((*removed)[0]));
  EXPECT_EQ(decide(s, remove_line_item{"li_9", "x", 3}).error().code,
            domain_errc::not_found);
}

TEST(CartTotals, TaxIsFlatPerLineAndShippingRoundedHalfUp) {
  auto s
    = run({open_cart(), add_line_item{box("li_1", "v1", 3, 333), "x", 2},
           add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3}});
  auto t = totals(s);
  EXPECT_EQ(t.item_subtotal, 999);
  EXPECT_EQ(t.item_tax_total, 190); // 189.81 → 190
  EXPECT_EQ(t.shipping_subtotal, 495);
  EXPECT_EQ(t.shipping_tax_total, 94); // 94.05 → 94
  EXPECT_EQ(t.subtotal, 1494);
  EXPECT_EQ(t.tax_total, 284);
  EXPECT_EQ(t.total, 1778);
}

TEST(CartDecide, CompletionNeedsItemsShippingAndAPaymentSession) {
  auto s = run({open_cart()});
  EXPECT_EQ(decide(s, complete_cart{"order_1", "x", 9}).error().message,
            "Cannot complete a cart with no items");
  s = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2}});
  EXPECT_FALSE(decide(s, complete_cart{"order_1", "x", 9}));
  s = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2},
           add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3}});
  EXPECT_FALSE(
    decide(s, create_payment_session{"ps_1", "pp_system_default", "x", 4}))
    << "a session needs a collection first";
  s = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2},
           add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3},
           create_payment_collection{"pay_col_1", "x", 4},
           create_payment_session{"ps_1", "pp_system_default", "x", 5}});
  EXPECT_EQ(s.session->amount, totals(s).total);
  auto done
    = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2},
           add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3},
           create_payment_collection{"pay_col_1", "x", 4},
           create_payment_session{"ps_1", "pp_system_default", "x", 5},
           complete_cart{"order_1", "x", 6}});
  EXPECT_EQ(done.order_id, "order_1");
  auto again = decide(done, complete_cart{"order_2", "x", 7});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty()) << "the same order, nothing new";
  EXPECT_EQ(
    decide(done, add_line_item{box("li_2", "v2", 1), "x", 8}).error().code,
    domain_errc::illegal_transition);
}

// A checkout locks the cart: what it validated is what becomes the order.
TEST(CartDecide, ACartInCheckoutRefusesChangesUntilTheCheckoutEnds) {
  std::vector<cart_command> ready{
    open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2},
    add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3},
    create_payment_collection{"pay_col_1", "x", 4},
    create_payment_session{"ps_1", "pp_system_default", "x", 5}};
  auto s = run(ready);
  EXPECT_EQ(
    decide(run({open_cart()}), begin_checkout{"wf_1", "x", 6}).error().message,
    "Cannot complete a cart with no items");
  auto locked = decide(s, begin_checkout{"wf_1", "x", 6});
  ASSERT_TRUE(locked);
  s = evolve(s, (*locked)[0]);
  EXPECT_EQ(s.checkout_id, "wf_1");
  // Every change is refused, naming why; the same checkout again is no
  // change, another one is refused.
  auto add = decide(s, add_line_item{box("li_2", "v2", 1), "x", 7});
  ASSERT_FALSE(add);
  EXPECT_EQ(add.error().code, domain_errc::illegal_transition);
  EXPECT_EQ(add.error().message,
            "The cart is being completed; it cannot change");
  EXPECT_FALSE(decide(s, update_line_item{"li_1", 5, "x", 7}));
  EXPECT_FALSE(decide(s, remove_line_item{"li_1", "x", 7}));
  EXPECT_FALSE(
    decide(s, add_shipping_method{{"sm_2", "so_2", "Express", 995}, "x", 7}));
  EXPECT_FALSE(decide(s, update_cart{"b@c.d", {}, {}, "x", 7}));
  EXPECT_TRUE(decide(s, begin_checkout{"wf_1", "x", 7})->empty());
  EXPECT_FALSE(decide(s, begin_checkout{"wf_2", "x", 7}));
  // Ending another checkout changes nothing; ending this one unlocks.
  EXPECT_TRUE(decide(s, end_checkout{"wf_2", "x", 8})->empty());
  auto ended = decide(s, end_checkout{"wf_1", "x", 8});
  ASSERT_TRUE(ended);
  auto open = evolve(s, (*ended)[0]);
  EXPECT_TRUE(decide(open, add_line_item{box("li_2", "v2", 1), "x", 9}));
  // Completing clears the lock too.
  auto done = decide(s, complete_cart{"order_1", "x", 8});
  ASSERT_TRUE(done);
  EXPECT_TRUE(evolve(s, (*done)[0]).checkout_id.empty());
}

TEST(CartCodec, EveryEventSurvivesTheRoundTrip) {
  address a{"Ada",    "Lovelace", "",      "Main St 1", "",
            "Berlin", "",         "10115", "de",        ""};
  std::vector<cart_event> all{
    cart_created{"reg_1", "eur", 1900, "sc_1", "cus_1", "a@b.c", a, "x", 1},
    cart_created{"reg_1", "eur", 1900, "sc_1", "", "", std::nullopt, "x", 1},
    cart_details_updated{"a@b.c", std::nullopt, a, "x", 2},
    line_item_added{box("li_1", "v1", 2), "x", 3},
    line_item_quantity_changed{"li_1", 4, "x", 4},
    line_item_removed{"li_1", "x", 5},
    shipping_method_set{{"sm_1", "so_1", "Standard", 495}, "x", 6},
    payment_collection_created{"pay_col_1", "x", 7},
    payment_session_created{"ps_1", "pp_system_default", 1000, "x", 8},
    checkout_started{"complete-cart:cart_1:v5", "x", 9},
    checkout_ended{"complete-cart:cart_1:v5", "x", 9},
    cart_completed{"order_1", "x", 9}};
  for (auto& e : all) {
    auto stored = encode(e);
    recorded_event r;
    r.stream_id = "cart-1";
    r.version = 1;
    r.type = stored.type;
    r.data = stored.data;
    auto back = codec().decode(r);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(encode(*back).data, stored.data);
  }
}

} // namespace
} // namespace souk::cart
