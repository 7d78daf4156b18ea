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

// A catalog that sells what `box` puts in carts (variants v1 and v2 at
// 1.20 eur) and the shipping option so_1 at 4.95.
std::shared_ptr<catalog::catalog_state> shop() {
  auto c = std::make_shared<catalog::catalog_state>();
  catalog::product p;
  p.id = "prod_1";
  p.title = "Pizza Box";
  for (auto v : {"v1", "v2"}) {
    p.variants.push_back({v, "30cm", "PIZZA-30", {{"eur", 120}}, {}, true});
    c->variant_index[v] = p.id;
  }
  c->products[p.id] = p;
  c->shipping_options["so_1"] = {"so_1", "Standard", "reg_1", 495, 1};
  return c;
}

begin_checkout lock(std::string id, std::int64_t at,
                    std::shared_ptr<const catalog::catalog_state> c = shop()) {
  return {std::move(id), "x", at, std::move(c)};
}

std::vector<cart_command> ready_cart() {
  return {open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2},
          add_shipping_method{{"sm_1", "so_1", "Standard", 495}, "x", 3},
          create_payment_collection{"pay_col_1", "x", 4},
          create_payment_session{"ps_1", "pp_system_default", "x", 5}};
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
  auto again = decide(done, complete_cart{"order_1", "x", 7});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty()) << "the same order, nothing new";
  auto other = decide(done, complete_cart{"order_2", "x", 7});
  ASSERT_FALSE(other) << "a cart becomes one order";
  EXPECT_EQ(other.error().code, domain_errc::illegal_transition);
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
  EXPECT_EQ(decide(run({open_cart()}), lock("wf_1", 6)).error().message,
            "Cannot complete a cart with no items");
  auto locked = decide(s, lock("wf_1", 6));
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
  EXPECT_TRUE(decide(s, lock("wf_1", 7))->empty());
  EXPECT_FALSE(decide(s, lock("wf_2", 7)));
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

// What the shopper saw when adding a line is what checkout must still
// find in the catalog; otherwise it is refused naming the line, and the
// cart stays open for the shopper to fix.
TEST(CartDecide, ACheckoutOfALineTheCatalogNoLongerSellsAsItIsIsRefused) {
  auto s = run(ready_cart());
  auto refused = [&](std::shared_ptr<catalog::catalog_state> c) {
    auto r = decide(s, lock("wf_1", 6, c));
    EXPECT_FALSE(r) << "checkout went ahead";
    if (r)
      return std::string{};
    EXPECT_EQ(r.error().code, domain_errc::invalid_argument);
    return r.error().message;
  };
  ASSERT_TRUE(decide(s, lock("wf_1", 6))) << "the catalog as it was: fine";

  auto draft = shop();
  draft->products["prod_1"].status = "draft";
  EXPECT_EQ(refused(draft), "Pizza Box (30cm) is no longer for sale (variant "
                            "v1); remove it from the cart");
  auto gone = shop();
  gone->variant_index.erase("v1");
  EXPECT_EQ(refused(gone), "Pizza Box (30cm) is no longer for sale (variant "
                           "v1); remove it from the cart");
  auto dearer = shop();
  dearer->products["prod_1"].variants[0].prices[0].amount = 150;
  EXPECT_EQ(refused(dearer),
            "The price of Pizza Box (30cm) changed from 1.20 to 1.50 eur "
            "(variant v1); remove it and add it to the cart again");
  auto cheaper = shop();
  cheaper->products["prod_1"].variants[0].prices[0].amount = 100;
  EXPECT_NE(refused(cheaper).find("from 1.20 to 1.00 eur"), std::string::npos);
  auto no_euros = shop();
  no_euros->products["prod_1"].variants[0].prices[0].currency_code = "usd";
  EXPECT_EQ(refused(no_euros), "Pizza Box (30cm) has no price in eur any more "
                               "(variant v1); remove it from the cart");
  auto shipping = shop();
  shipping->shipping_options["so_1"].amount = 595;
  EXPECT_EQ(refused(shipping), "The shipping option Standard changed from "
                               "4.95 to 5.95 eur; choose it again");
  auto no_shipping = shop();
  no_shipping->shipping_options.clear();
  EXPECT_EQ(refused(no_shipping), "The shipping option Standard is no longer "
                                  "offered; choose another one");
  EXPECT_EQ(decide(s, lock("wf_1", 6, nullptr)).error().code,
            domain_errc::invalid_argument)
    << "no catalog, no check: refused";
  // The lock was never taken: the cart still takes changes.
  EXPECT_TRUE(s.checkout_id.empty());
  EXPECT_TRUE(decide(s, remove_line_item{"li_1", "x", 7}));
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
// Given the catalog, the cart prices a line itself, in its currency: one
// ask of the cart, not a catalog check, a cart read and a write.
TEST(CartDecide, ALineIsPricedFromTheCatalogInTheCartsCurrency) {
  auto s = run({open_cart()});
  // What the caller says beyond the variant and quantity is not taken.
  line_item wanted{"li_1", "v2", "prod_free", "Gold Box", "XXL", "FAKE", 1, 3};
  auto d = decide(s, add_line_item{wanted, "x", 2, shop()});
  ASSERT_TRUE(d) << d.error().message;
  auto& added = std::get<line_item_added>(d->front()).item;
  EXPECT_EQ(added, (line_item{"li_1", "v2", "prod_1", "Pizza Box", "30cm",
                              "PIZZA-30", 120, 3}));
  wanted.variant_id = "v9";
  EXPECT_EQ(decide(s, add_line_item{wanted, "x", 2, shop()}).error(),
            (domain_error{domain_errc::invalid_argument,
                          "Variants v9 do not exist or belong to a product "
                          "that is not published"}));
  auto draft = shop();
  draft->products["prod_1"].status = "draft";
  wanted.variant_id = "v1";
  EXPECT_EQ(decide(s, add_line_item{wanted, "x", 2, draft}).error().code,
            domain_errc::invalid_argument);
  auto dollars
    = run({create_cart{"reg_2", "usd", 0, "sc_1", "", "", {}, "x", 1}});
  EXPECT_EQ(decide(dollars, add_line_item{wanted, "x", 2, shop()}).error(),
            (domain_error{domain_errc::invalid_argument,
                          "Variant v1 has no price in usd"}));
}

// Given the catalog, the cart takes the option's name and amount, and only
// an option of its own region (another's would charge its amount in this
// cart's currency).
TEST(CartDecide, AShippingMethodIsTheCatalogsOptionForTheCartsRegion) {
  auto s = run({open_cart()});
  auto cat = shop();
  cat->shipping_options["so_us"] = {"so_us", "Cheap", "reg_2", 1, 1};
  auto d
    = decide(s, add_shipping_method{{"sm_1", "so_1", "Free!", 0}, "x", 3, cat});
  ASSERT_TRUE(d) << d.error().message;
  auto& m = std::get<shipping_method_set>(d->front()).method;
  EXPECT_EQ(m, (shipping_method{"sm_1", "so_1", "Standard", 495}));
  EXPECT_EQ(
    decide(s, add_shipping_method{{"sm_2", "so_us", "", 0}, "x", 3, cat})
      .error(),
    (domain_error{domain_errc::invalid_argument,
                  "Shipping option with id: so_us does not serve the cart's "
                  "region"}));
  EXPECT_EQ(decide(s, add_shipping_method{{"sm_3", "so_x", "", 0}, "x", 3, cat})
              .error()
              .message,
            "Shipping option with id: so_x was not found");
}

// Given the catalog, a new cart takes its region's currency and tax rate,
// the store's first region when none is named.
TEST(CartDecide, ANewCartTakesItsRegionFromTheCatalog) {
  auto cat = shop();
  cat->regions["reg_de"] = {"reg_de", "Germany", "eur", 1900, {"de"}, 1, 1};
  cat->regions["reg_us"] = {"reg_us", "USA", "usd", 0, {"us"}, 1, 1};
  create_cart asked{"reg_us", "eur", 5, "sc_1", "", "", {}, "x", 1, cat};
  auto d = decide({}, asked);
  ASSERT_TRUE(d) << d.error().message;
  auto& made = std::get<cart_created>(d->front());
  EXPECT_EQ(made.region_id, "reg_us");
  EXPECT_EQ(made.currency_code, "usd") << "the region's, not the caller's";
  EXPECT_EQ(made.tax_rate_bp, 0);
  asked.region_id = "";
  EXPECT_EQ(std::get<cart_created>(decide({}, asked)->front()).region_id,
            "reg_de");
  asked.region_id = "reg_x";
  EXPECT_EQ(decide({}, asked).error(),
            (domain_error{domain_errc::invalid_argument,
                          "Region with id: reg_x was not found"}));
}

// An option that moved to another region is refused at checkout too.
TEST(CartDecide, ACheckoutRefusesAShippingOptionOfAnotherRegion) {
  auto s = run(ready_cart());
  auto moved = shop();
  moved->shipping_options["so_1"].region_id = "reg_2";
  auto r = decide(s, begin_checkout{"wf_1", "x", 6, moved});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "The shipping option Standard is no longer offered; choose "
            "another one");
}

// What is asked for is checked before whether the cart may change: a bad
// variant or a foreign option is the caller's mistake (400), a locked
// cart's refusal (409) is for a request that was otherwise right.
TEST(CartDecide, TheInputIsCheckedBeforeTheLock) {
  auto s = run(ready_cart());
  auto d = decide(s, begin_checkout{"wf_1", "x", 6, shop()});
  ASSERT_TRUE(d) << d.error().message;
  for (auto& e : *d)
    s = evolve(std::move(s), e);
  line_item wanted{"li_9", "v9", "", "", "", "", 0, 1};
  EXPECT_EQ(decide(s, add_line_item{wanted, "x", 7, shop()}).error().code,
            domain_errc::invalid_argument);
  auto cat = shop();
  cat->shipping_options["so_us"] = {"so_us", "Cheap", "reg_2", 1, 1};
  EXPECT_EQ(
    decide(s, add_shipping_method{{"sm_2", "so_us", "", 0}, "x", 7, cat})
      .error()
      .code,
    domain_errc::invalid_argument);
  wanted.variant_id = "v1";
  EXPECT_EQ(decide(s, add_line_item{wanted, "x", 7, shop()}).error().code,
            domain_errc::illegal_transition);
}

} // namespace souk::cart
