// Promotion codes over real HTTP on a real PostgreSQL: the admin makes
// them, carts take them (Medusa's `promo_codes`), the checkout checks them
// again and takes one use of a limited code, and the order keeps the
// discount. A code limited to N uses gives exactly N orders however many
// checkouts race for it.
#include "http/server_app.hpp"

#include <atomic>
#include <deque>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/shop_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;
using test::text;

class PromotionsApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() { start_souk(); }

  static void sign_in_admin(test::shop_client& c) {
    c.sign_in("user", demo->admin_email, demo->admin_password);
  }

  // Creates a promotion from `body` (Medusa's shape); its id.
  std::string promotion(const std::string& body) {
    test::shop_client a{app->port(), demo->publishable_key};
    sign_in_admin(a);
    auto [s, b] = a.call(verb::post, "/admin/promotions", body);
    EXPECT_EQ(s, http::status::ok) << a.bodies.back();
    return text(b["promotion"]["id"]);
  }

  // A guest cart ready to complete: `quantity` of the demo's first variant
  // (1.20) and of its mailer box (2.10), shipping and a payment session.
  static std::string ready_cart(test::shop_client& c, int quantity = 1) {
    auto [s1, made]
      = c.call(verb::post, "/store/carts", R"({"email":"promo@example.com"})");
    auto id = text(made["cart"]["id"]);
    for (auto& variant :
         {demo->products[0].second[0], demo->products[1].second[0]})
      c.call(verb::post, "/store/carts/" + id + "/line-items",
             R"({"variant_id":")" + variant + R"(","quantity":)"
               + std::to_string(quantity) + "}");
    c.call(verb::post, "/store/carts/" + id + "/shipping-methods",
           R"({"option_id":")" + demo->shipping_option_id + R"("})");
    auto [s4, col] = c.call(verb::post, "/store/payment-collections",
                            R"({"cart_id":")" + id + R"("})");
    c.call(verb::post,
           "/store/payment-collections/" + text(col["payment_collection"]["id"])
             + "/payment-sessions",
           R"({"provider_id":"pp_system_default"})");
    return id;
  }

  // Applies `codes` the way Medusa's storefront does (the whole list).
  static std::pair<http::status, simdjson::dom::element>
  apply(test::shop_client& c, const std::string& cart,
        const std::string& codes) {
    return c.call(verb::post, "/store/carts/" + cart,
                  R"({"promo_codes":[)" + codes + "]}");
  }
};

// 10 % off the order: the cart shows the code, each line's adjustment and
// the totals; the order keeps the discount and is paid for the total.
TEST_F(PromotionsApi,
       APercentageCodeTakesItsShareOffEveryLineAndTheOrderKeepsIt) {
  test::shop_client c{app->port(), demo->publishable_key};
  auto cart = ready_cart(c);
  auto [s, applied] = apply(c, cart, R"("welcome10")");
  ASSERT_EQ(s, http::status::ok) << c.bodies.back();
  auto body = applied["cart"];
  EXPECT_EQ(text(body["promotions"].at(0)["code"]), "WELCOME10");
  EXPECT_EQ(text(body["promotions"].at(0)["application_method"]["type"]),
            "percentage");
  EXPECT_EQ(double(body["promotions"].at(0)["application_method"]["value"]),
            10);
  // 1.20 + 2.10 = 3.30; 10 % = 0.33, shared 0.12 and 0.21.
  EXPECT_EQ(double(body["discount_subtotal"]), 0.33);
  EXPECT_EQ(double(body["items"].at(0)["adjustments"].at(0)["amount"]), 0.12);
  EXPECT_EQ(double(body["items"].at(1)["adjustments"].at(0)["amount"]), 0.21);
  // Tax on what is left: (1.08 → 0.21) + (1.89 → 0.36); shipping 4.95+0.94.
  EXPECT_EQ(double(body["item_tax_total"]), 0.57);
  EXPECT_EQ(double(body["total"]), 9.43);
  EXPECT_EQ(double(body["original_total"]), 9.82) << "before the discount";
  // Off: 0.33, and 0.06 of tax it saves.
  EXPECT_EQ(double(body["discount_total"]), 0.39);
  EXPECT_EQ(double(body["items"].at(0)["discount_subtotal"]), 0.12);
  auto [done_status, done]
    = c.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(done_status, http::status::ok) << c.bodies.back();
  auto order = done["order"];
  EXPECT_EQ(double(order["discount_subtotal"]), 0.33);
  EXPECT_EQ(double(order["discount_total"]), 0.39) << "as the cart said";
  EXPECT_EQ(double(order["original_total"]), 9.82);
  EXPECT_EQ(double(order["total"]), 9.43);
  EXPECT_EQ(double(order["payment_collections"].at(0)["authorized_amount"]),
            9.43);
  EXPECT_EQ(text(order["promotions"].at(0)["code"]), "WELCOME10");
}

// A fixed amount off one product's items; an expired code and an unknown
// one are refused in Medusa's envelope and leave the cart as it was.
TEST_F(PromotionsApi, ItemCodesExpiredCodesAndUnknownCodes) {
  promotion(R"({"code":"PIZZA1","type":"standard","status":"active",)"
            R"("application_method":{"type":"fixed","target_type":"items",)"
            R"("allocation":"each","value":0.5,"currency_code":"eur",)"
            R"("target_rules":[{"attribute":"items.product.id",)"
            R"("operator":"in","values":[")"
            + demo->products[0].first + R"("]}]}})");
  promotion(R"({"code":"GONE","application_method":{"type":"percentage",)"
            R"("value":50},"campaign":{"starts_at":"2025-01-01T00:00:00Z",)"
            R"("ends_at":"2025-02-01T00:00:00Z"}})");
  test::shop_client c{app->port(), demo->publishable_key};
  auto cart = ready_cart(c, 3);
  auto [s, applied] = apply(c, cart, R"("PIZZA1")");
  ASSERT_EQ(s, http::status::ok) << c.bodies.back();
  EXPECT_EQ(double(applied["cart"]["discount_subtotal"]), 1.5)
    << "0.50 off each of 3 pizza boxes, nothing off the mailers";
  EXPECT_EQ(applied["cart"]["items"].at(1)["adjustments"].get_array().size(),
            0u);
  for (auto [code, message] :
       {std::pair{"GONE", "The promotion code GONE has expired"},
        std::pair{"NOPE", "The promotion code NOPE is invalid"}}) {
    auto [st, refused] = apply(c, cart, "\"" + std::string{code} + "\"");
    EXPECT_EQ(st, http::status::bad_request) << c.bodies.back();
    EXPECT_EQ(text(refused["type"]), "invalid_data");
    EXPECT_EQ(text(refused["message"]), message);
  }
  auto [g, still] = c.call(verb::get, "/store/carts/" + cart);
  EXPECT_EQ(text(still["cart"]["promotions"].at(0)["code"]), "PIZZA1");
  // Removing and adding through /promotions.
  auto [d, removed]
    = c.call(verb::delete_, "/store/carts/" + cart + "/promotions",
             R"({"promo_codes":["pizza1"]})");
  ASSERT_EQ(d, http::status::ok) << c.bodies.back();
  EXPECT_EQ(removed["cart"]["promotions"].get_array().size(), 0u);
  EXPECT_EQ(double(removed["cart"]["discount_total"]), 0);
  auto [p, added] = c.call(verb::post, "/store/carts/" + cart + "/promotions",
                           R"({"promo_codes":["PIZZA1"]})");
  EXPECT_EQ(p, http::status::ok) << c.bodies.back();
  EXPECT_EQ(added["cart"]["promotions"].get_array().size(), 1u);
}

// A code used up between the cart and the checkout: the checkout is
// refused cleanly, the cart stays open and completes without the code.
TEST_F(PromotionsApi, ACodeUsedUpBeforeCheckoutIsRefusedThere) {
  promotion(R"({"code":"ONCE","application_method":{"type":"percentage",)"
            R"("value":20},"campaign":{"budget":{"type":"usage","limit":1}}})");
  test::shop_client a{app->port(), demo->publishable_key};
  test::shop_client b{app->port(), demo->publishable_key};
  auto cart_a = ready_cart(a);
  auto cart_b = ready_cart(b);
  for (auto [c, cart] : {std::pair{&a, cart_a}, std::pair{&b, cart_b}}) {
    auto [s, r] = apply(*c, cart, R"("ONCE")");
    ASSERT_EQ(s, http::status::ok) << c->bodies.back();
  }
  auto [sa, first] = a.call(verb::post, "/store/carts/" + cart_a + "/complete");
  ASSERT_EQ(sa, http::status::ok) << a.bodies.back();
  auto [sb, second]
    = b.call(verb::post, "/store/carts/" + cart_b + "/complete");
  EXPECT_EQ(sb, http::status::bad_request) << b.bodies.back();
  EXPECT_EQ(text(second["message"]),
            "The promotion code ONCE has been used up");
  auto [r, removed] = apply(b, cart_b, "");
  ASSERT_EQ(r, http::status::ok)
    << "the failed checkout unlocked the cart: " << b.bodies.back();
  auto [again, placed]
    = b.call(verb::post, "/store/carts/" + cart_b + "/complete");
  EXPECT_EQ(again, http::status::ok) << b.bodies.back();
  EXPECT_EQ(double(placed["order"]["discount_total"]), 0);
  test::shop_client ad{app->port(), demo->publishable_key};
  sign_in_admin(ad);
  auto [st, promo] = ad.call(verb::get, "/admin/promotions?code=once");
  auto id = text(promo["promotions"].at(0)["id"]);
  auto [su, usage] = ad.call(verb::get, "/admin/promotions/" + id);
  EXPECT_EQ(int64_t(usage["promotion"]["used"]), 1);
  EXPECT_EQ(int64_t(usage["promotion"]["usage_limit"]), 1);
}

// 100 checkouts race for a code limited to 10 uses: exactly 10 orders get
// it, the other 90 are refused naming the code, nothing else fails.
TEST_F(PromotionsApi, TenUsesGiveExactlyTenOrdersUnderConcurrency) {
  promotion(R"({"code":"TENONLY","application_method":{"type":"fixed",)"
            R"("value":1,"currency_code":"eur"},"usage_limit":10})");
  constexpr int shoppers = 100;
  std::deque<test::shop_client> clients;
  std::vector<std::string> carts;
  for (int i = 0; i < shoppers; ++i) {
    clients.emplace_back(app->port(), demo->publishable_key);
    carts.push_back(ready_cart(clients.back()));
    auto [s, r] = apply(clients.back(), carts.back(), R"("TENONLY")");
    ASSERT_EQ(s, http::status::ok) << clients.back().bodies.back();
  }
  std::atomic<int> discounted{0}, used_up{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < shoppers; ++i)
    threads.emplace_back([&, i] {
      auto [s, b]
        = clients[i].call(verb::post, "/store/carts/" + carts[i] + "/complete");
      if (s == http::status::ok && double(b["order"]["discount_subtotal"]) == 1)
        ++discounted;
      else if (s == http::status::bad_request
               && text(b["message"])
                    == "The promotion code TENONLY has been used up")
        ++used_up;
      else
        ++other;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(discounted.load(), 10);
  EXPECT_EQ(used_up.load(), shoppers - 10);
  EXPECT_EQ(other.load(), 0);
}

// Who may do what: the admin's routes are the admin's; a cart's codes are
// its owner's.
TEST_F(PromotionsApi, OnlyTheAdminMakesCodesAndOnlyTheOwnerAppliesThem) {
  test::shop_client anon{app->port(), demo->publishable_key};
  auto [s, b] = anon.call(verb::post, "/admin/promotions",
                          R"({"code":"FREE","application_method":)"
                          R"({"type":"percentage","value":100}})");
  EXPECT_EQ(s, http::status::unauthorized);
  test::shop_client mine{app->port(), demo->publishable_key};
  mine.become_customer("promo-owner@example.com");
  auto [s1, made] = mine.call(verb::post, "/store/carts", "{}");
  auto cart = text(made["cart"]["id"]);
  test::shop_client other{app->port(), demo->publishable_key};
  other.become_customer("promo-other@example.com");
  auto [s2, refused] = other.call(verb::post, "/store/carts/" + cart,
                                  R"({"promo_codes":["WELCOME10"]})");
  EXPECT_EQ(s2, http::status::not_found) << other.bodies.back();
  auto [s3, r3] = other.call(verb::post, "/store/carts/" + cart + "/promotions",
                             R"({"promo_codes":["WELCOME10"]})");
  EXPECT_EQ(s3, http::status::not_found);
  auto [s4, r4]
    = anon.call(verb::delete_, "/store/carts/" + cart + "/promotions",
                R"({"promo_codes":["WELCOME10"]})");
  EXPECT_EQ(s4, http::status::not_found);
}

} // namespace
} // namespace souk
