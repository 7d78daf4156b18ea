// The cart's decide/evolve/totals/codec, pure.
#include <numeric>

#include <gtest/gtest.h>

#include "actors/cart/cart_decide.hpp"
#include "actors/cart/cart_promotions.hpp"

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

namespace souk::cart {
namespace {

// A catalog with a dollar region where v1 has a price and v2 has none.
std::shared_ptr<catalog::catalog_state> two_regions() {
  auto cat = shop();
  cat->regions["reg_1"] = {"reg_1", "Germany", "eur", 1900, {"de"}, 1, 1};
  cat->regions["reg_us"] = {"reg_us", "USA", "usd", 800, {"us"}, 1, 1};
  cat->products["prod_1"].variants[0].prices.push_back({"usd", 150});
  return cat;
}

update_cart to_region(std::string region,
                      std::shared_ptr<const catalog::catalog_state> cat) {
  update_cart u;
  u.by = "x";
  u.at = 9;
  u.region_id = std::move(region);
  u.catalog = std::move(cat);
  return u;
}

// A new region prices every line in its currency and drops what was priced
// in the old one (shipping, the payment session); a line without a price
// there refuses the move, naming it.
TEST(CartDecide, MovingTheCartToAnotherRegionRepricesIt) {
  auto cat = two_regions();
  auto s = run({open_cart(), add_line_item{box("li_1", "v1", 2), "x", 2, cat},
                add_shipping_method{{"sm_1", "so_1", "", 0}, "x", 3, cat},
                create_payment_collection{"pay_1", "x", 4},
                create_payment_session{"ps_1", "pp_system_default", "x", 5}});
  ASSERT_TRUE(s.session);
  auto moved
    = run({open_cart(), add_line_item{box("li_1", "v1", 2), "x", 2, cat},
           add_shipping_method{{"sm_1", "so_1", "", 0}, "x", 3, cat},
           create_payment_collection{"pay_1", "x", 4},
           create_payment_session{"ps_1", "pp_system_default", "x", 5},
           to_region("reg_us", cat)});
  EXPECT_EQ(moved.region_id, "reg_us");
  EXPECT_EQ(moved.currency_code, "usd");
  EXPECT_EQ(moved.tax_rate_bp, 800);
  EXPECT_EQ(moved.items[0].unit_price, 150);
  EXPECT_FALSE(moved.shipping);
  EXPECT_FALSE(moved.session);
  EXPECT_EQ(totals(moved).total, 300 + 24);
  EXPECT_TRUE(decide(moved, to_region("reg_us", cat))->empty())
    << "the same region: no change";
  auto no_price
    = run({open_cart(), add_line_item{box("li_2", "v2", 1), "x", 2, cat}});
  EXPECT_EQ(decide(no_price, to_region("reg_us", cat)).error().message,
            "Variants with IDs v2 do not have a price in usd; remove them to "
            "move the cart to USA");
  EXPECT_EQ(decide(no_price, to_region("reg_x", cat)).error().message,
            "Region with id: reg_x was not found");
}

TEST(CartDecide, ALocaleIsALanguageTag) {
  auto s = run({open_cart()});
  update_cart u;
  u.locale = "de-DE";
  auto d = decide(s, u);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(run({open_cart(), u}).locale, "de-DE");
  u.locale = "<script>";
  EXPECT_EQ(decide(s, u).error().message,
            "locale must be a language tag such as en-US");
  auto c = open_cart();
  c.locale = "x y";
  EXPECT_EQ(decide({}, c).error().message,
            "locale must be a language tag such as en-US");
}

// A guest's cart becomes the customer's; theirs again is no change; another
// customer's is refused.
TEST(CartDecide, AGuestsCartIsTransferredToTheSignedInCustomer) {
  auto guest = run({open_cart()});
  auto d = decide(guest, transfer_cart{"cus_1", "c1@example.com", "x", 2});
  ASSERT_TRUE(d) << d.error().message;
  auto mine
    = run({open_cart(), transfer_cart{"cus_1", "c1@example.com", "x", 2}});
  EXPECT_EQ(mine.customer_id, "cus_1");
  EXPECT_EQ(mine.email, "c1@example.com");
  EXPECT_TRUE(
    decide(mine, transfer_cart{"cus_1", "c1@example.com", "x", 3})->empty());
  EXPECT_EQ(
    decide(mine, transfer_cart{"cus_2", "c2@example.com", "x", 3}).error(),
    (domain_error{domain_errc::illegal_transition,
                  "Cannot transfer cart to a different customer"}));
}

} // namespace
} // namespace souk::cart

namespace souk::cart {
namespace {

// -- promotions
// ----------------------------------------------------------------

catalog::promotion code(std::string id, std::string code, std::int64_t value,
                        std::string method = "percentage",
                        std::string target = "order") {
  catalog::promotion p;
  p.id = std::move(id);
  p.code = std::move(code);
  p.value = value;
  p.method = std::move(method);
  p.target = std::move(target);
  return p;
}

std::shared_ptr<catalog::catalog_state>
shop_with(std::vector<catalog::promotion> promos) {
  auto cat = shop();
  cat->regions["reg_1"] = {"reg_1", "Germany", "eur", 1900, {"de"}, 1, 1};
  for (auto& p : promos)
    cat->promotions[p.id] = p;
  return cat;
}

update_cart codes(std::vector<std::string> list,
                  std::shared_ptr<const catalog::catalog_state> cat,
                  std::int64_t at = 10,
                  update_cart::codes mode = update_cart::codes::replace) {
  update_cart u;
  u.by = "x";
  u.at = at;
  u.catalog = std::move(cat);
  u.promo_codes = std::move(list);
  u.promo_mode = mode;
  return u;
}

TEST(Promotions, ShareOutAddsUpExactlyAndFavoursTheLargerRemainder) {
  EXPECT_EQ(share_out(100, {1, 1, 1}), (std::vector<std::int64_t>{34, 33, 33}));
  EXPECT_EQ(share_out(10, {0, 5, 0}), (std::vector<std::int64_t>{0, 10, 0}));
  EXPECT_EQ(share_out(0, {3, 4}), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(share_out(7, {}), std::vector<std::int64_t>{});
  // A thousand lines of odd amounts: the shares still add up.
  std::vector<std::int64_t> weights;
  for (int i = 0; i < 1000; ++i)
    weights.push_back(97 + i % 13);
  auto shares = share_out(12345, weights);
  EXPECT_EQ(std::accumulate(shares.begin(), shares.end(), std::int64_t{0}),
            12345);
  for (std::size_t i = 0; i < weights.size(); ++i)
    EXPECT_LE(shares[i], weights[i]);
}

// 10 % off three lines of 1.01, 2.02 and 3.03: 0.606 rounds to 0.61 once,
// shared so the lines add up to it (per-line rounding would give 0.60).
TEST(Promotions, APercentageOffTheOrderIsRoundedOnceAndSharedExactly) {
  auto cat = shop_with({code("promo_1", "TEN", 1000)});
  auto s = run({open_cart(), add_line_item{box("li_1", "v1", 1, 101), "x", 2},
                add_line_item{box("li_2", "v2", 1, 202), "x", 3},
                add_line_item{box("li_3", "v3", 1, 303), "x", 4},
                codes({"ten"}, cat)});
  ASSERT_EQ(s.promotions.size(), 1u) << "codes match without case";
  auto off = adjustments(s);
  std::int64_t sum = 0;
  for (auto& a : off)
    sum += a.amount;
  EXPECT_EQ(sum, 61);
  auto t = totals(s);
  EXPECT_EQ(t.item_subtotal, 606);
  EXPECT_EQ(t.discount_subtotal, 61);
  // 19 % tax on each line less its share.
  std::int64_t tax = 0;
  for (auto& line : s.items) {
    std::int64_t line_off = 0;
    for (auto& a : off)
      if (a.item_id == line.id)
        line_off += a.amount;
    tax += tax_of(line.unit_price - line_off, 1900);
  }
  EXPECT_EQ(t.item_tax_total, tax);
  EXPECT_EQ(t.total, 606 - 61 + tax);
}

// A fixed amount off some products' items, across them or off each unit,
// never more than they cost; the others pay in full.
TEST(Promotions, FixedAmountsOffTargetedItems) {
  auto across = code("promo_a", "FIVE", 500, "fixed", "items");
  across.currency_code = "eur";
  across.product_ids = {"prod_1"};
  auto each = across;
  each.id = "promo_e";
  each.code = "EACH";
  each.allocation = "each";
  each.value = 30;
  auto cat = shop_with({across, each});
  cat->products["prod_2"] = cat->products["prod_1"];
  cat->products["prod_2"].id = "prod_2";
  line_item other = box("li_2", "v2", 1, 1000);
  other.product_id = "prod_2";
  auto base = std::vector<cart_command>{
    open_cart(), add_line_item{box("li_1", "v1", 3, 120), "x", 2},
    add_line_item{other, "x", 3}};
  auto with = [&](std::string c) {
    auto cmds = base;
    cmds.push_back(codes({c}, cat));
    return run(cmds);
  };
  auto five = adjustments(with("FIVE"));
  ASSERT_EQ(five.size(), 1u);
  EXPECT_EQ(five[0], (adjustment{"li_1", "promo_a", "FIVE", 360}))
    << "at most what the targeted line costs";
  auto thirty = adjustments(with("EACH"));
  ASSERT_EQ(thirty.size(), 1u);
  EXPECT_EQ(thirty[0].amount, 90) << "0.30 off each of 3 units";
}

// Unknown, inactive, expired, not yet valid, other-region and
// other-currency codes are refused naming the code; add and remove keep
// the others.
TEST(Promotions, ACartTakesOnlyCodesThatApplyToIt) {
  auto ok = code("promo_1", "TEN", 1000);
  auto expired = code("promo_2", "OLD", 1000);
  expired.ends_at = 5;
  auto later = code("promo_3", "SOON", 1000);
  later.starts_at = 50;
  auto elsewhere = code("promo_4", "US", 1000);
  elsewhere.region_ids = {"reg_us"};
  auto dollars = code("promo_5", "USD", 100, "fixed");
  dollars.currency_code = "usd";
  auto off = code("promo_6", "OFF", 1000);
  off.status = "inactive";
  auto cat = shop_with({ok, expired, later, elsewhere, dollars, off});
  cat->regions["reg_us"] = {"reg_us", "USA", "usd", 0, {"us"}, 1, 1};
  auto s = run({open_cart()});
  auto refused = [&](std::string c) {
    auto d = decide(s, codes({c}, cat));
    return d ? std::string{"accepted"} : d.error().message;
  };
  EXPECT_EQ(refused("NOPE"), "The promotion code NOPE is invalid");
  EXPECT_EQ(refused("OLD"), "The promotion code OLD has expired");
  EXPECT_EQ(refused("SOON"), "The promotion code SOON is invalid")
    << "a code not out yet is not told apart from none";
  EXPECT_EQ(refused("US"),
            "The promotion code US is not valid in the cart's region");
  EXPECT_EQ(refused("USD"), "The promotion code USD is only valid in usd");
  EXPECT_EQ(refused("OFF"), "The promotion code OFF is invalid");
  auto both = run({open_cart(), codes({"TEN"}, cat)});
  EXPECT_TRUE(
    decide(both, codes({"TEN"}, cat, 11, update_cart::codes::add))->empty())
    << "added twice: no change";
  auto none = run({open_cart(), codes({"TEN"}, cat),
                   codes({"ten"}, cat, 11, update_cart::codes::remove)});
  EXPECT_TRUE(none.promotions.empty());
}

// A move to another region keeps the codes that still apply there and
// drops those that do not (a euro amount on a dollar cart), without
// refusing the move.
TEST(Promotions, AMoveKeepsTheCodesThatStillApply) {
  auto euros = code("promo_e", "EUR5", 50, "fixed");
  euros.currency_code = "eur";
  auto cat = shop_with({code("promo_1", "TEN", 1000), euros});
  cat->regions["reg_us"] = {"reg_us", "USA", "usd", 0, {"us"}, 1, 1};
  cat->products["prod_1"].variants[0].prices.push_back({"usd", 150});
  auto s = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2, cat},
                codes({"TEN", "EUR5"}, cat)});
  ASSERT_EQ(s.promotions.size(), 2u);
  update_cart move;
  move.region_id = "reg_us";
  move.catalog = cat;
  move.at = 11;
  auto moved
    = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2, cat},
           codes({"TEN", "EUR5"}, cat), move});
  ASSERT_EQ(moved.promotions.size(), 1u);
  EXPECT_EQ(moved.promotions[0].code, "TEN");
  // A held code deleted since does not stop adding another one.
  auto later = shop_with({code("promo_2", "TWO", 200)});
  auto after = run({open_cart(), codes({"TEN"}, cat),
                    codes({"TWO"}, later, 12, update_cart::codes::add)});
  ASSERT_EQ(after.promotions.size(), 1u);
  EXPECT_EQ(after.promotions[0].code, "TWO");
  // Too many codes are refused before any is looked at.
  std::vector<std::string> lots(11, "TEN");
  EXPECT_EQ(decide(s, codes(lots, cat)).error().message,
            "a cart takes at most 10 promotion codes");
}

// At checkout the codes are checked again: deleted, changed or expired
// since the cart took them, the checkout is refused naming the code.
TEST(Promotions, TheCheckoutChecksTheCodesAgain) {
  auto ten = code("promo_1", "TEN", 1000);
  auto cat = shop_with({ten});
  auto s = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2, cat},
                add_shipping_method{{"sm_1", "so_1", "", 0}, "x", 3, cat},
                create_payment_collection{"pay_1", "x", 4},
                create_payment_session{"ps_1", "pp_system_default", "x", 5},
                codes({"TEN"}, cat)});
  EXPECT_TRUE(decide(s, lock("wf_1", 20, cat)));
  auto changed = shop_with({code("promo_1", "TEN", 2000)});
  EXPECT_EQ(decide(s, lock("wf_1", 20, changed)).error().message,
            "The promotion code TEN changed; apply it to the cart again");
  auto limited = ten;
  limited.usage_limit = 5;
  limited.ends_at = 99;
  auto relaxed = decide(s, lock("wf_1", 20, shop_with({limited})));
  EXPECT_TRUE(relaxed) << "a new limit or end date is not a new amount: "
                       << relaxed.error().message;
  auto gone = shop_with({});
  EXPECT_EQ(decide(s, lock("wf_1", 20, gone)).error().message,
            "The promotion code TEN is no longer valid; remove it from the "
            "cart");
  ten.ends_at = 15;
  auto ending = shop_with({ten});
  auto s2
    = run({open_cart(), add_line_item{box("li_1", "v1", 1), "x", 2, ending},
           add_shipping_method{{"sm_1", "so_1", "", 0}, "x", 3, ending},
           create_payment_collection{"pay_1", "x", 4},
           create_payment_session{"ps_1", "pp_system_default", "x", 5},
           codes({"TEN"}, ending)});
  EXPECT_EQ(decide(s2, lock("wf_1", 20, ending)).error().message,
            "The promotion code TEN has expired; remove it from the cart");
}

} // namespace
} // namespace souk::cart
