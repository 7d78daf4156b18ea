// Checkout over real HTTP on a real PostgreSQL: the complete-cart workflow,
// idempotent completion, the last units of a variant under a rush, and
// many carts at once.
#include "http/server_app.hpp"

#include <atomic>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <simdjson.h>

#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;

class CheckoutApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    config cfg;
    cfg.http.threads = 4;
    start_souk(cfg);
  }

  /// One shopper on one connection.
  struct shopper {
    test::http_client http{"127.0.0.1", app->port()};
    simdjson::dom::parser parser;
    std::deque<std::string> bodies;

    shopper() {
      http.set_header("x-publishable-api-key", demo->publishable_key);
    }

    std::pair<http::status, simdjson::dom::element>
    call(verb v, const std::string& target, std::string body = {}) {
      auto res = http.request(v, target, std::move(body));
      bodies.push_back(res.body());
      return {res.result(), parser.parse(bodies.back())};
    }

    /// A cart with `quantity` of `variant`, shipping and a payment session.
    std::string ready_cart(const std::string& variant, int quantity = 1) {
      auto [s1, created] = call(verb::post, "/store/carts",
                                R"({"email":"shopper@example.com"})");
      std::string id{std::string_view(created["cart"]["id"])};
      call(verb::post, "/store/carts/" + id + "/line-items",
           R"({"variant_id":")" + variant + R"(","quantity":)"
             + std::to_string(quantity) + "}");
      call(verb::post, "/store/carts/" + id + "/shipping-methods",
           R"({"option_id":")" + demo->shipping_option_id + R"("})");
      auto [s4, col] = call(verb::post, "/store/payment-collections",
                            R"({"cart_id":")" + id + R"("})");
      std::string pay{std::string_view(col["payment_collection"]["id"])};
      call(verb::post,
           "/store/payment-collections/" + pay + "/payment-sessions",
           R"({"provider_id":"pp_system_default"})");
      return id;
    }
  };

  std::string variant(size_t product, size_t v) const {
    return demo->products[product].second[v];
  }

  /// The demo admin's token.
  static std::string admin_token() {
    shopper s;
    auto [status, body]
      = s.call(verb::post, "/auth/user/emailpass",
               R"({"email":")" + demo->admin_email + R"(","password":")"
                 + demo->admin_password + R"("})");
    EXPECT_EQ(status, http::status::ok) << s.bodies.back();
    return std::string{std::string_view(body["token"])};
  }
};

TEST_F(CheckoutApi, CompletingACartPlacesOneOrderAndAgainReturnsTheSameOne) {
  shopper s;
  auto cart = s.ready_cart(variant(0, 0), 2);
  auto [status, done]
    = s.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(status, http::status::ok) << s.bodies.back();
  EXPECT_EQ(std::string_view(done["type"]), "order");
  auto order = done["order"];
  std::string id{std::string_view(order["id"])};
  EXPECT_EQ(id.rfind("order_", 0), 0u);
  EXPECT_NE(id.substr(6), cart.substr(cart.find('_') + 1))
    << "an order id must not reveal its cart";
  EXPECT_GE(int64_t(order["display_id"]), 1);
  EXPECT_EQ(std::string_view(order["email"]), "shopper@example.com");
  EXPECT_EQ(std::string_view(order["payment_status"]), "authorized");
  // 2 × 1.20 + 4.95 shipping, 19 % tax on each: 2.40+0.46 + 4.95+0.94.
  EXPECT_EQ(double(order["total"]), 8.75);
  auto [again_status, again]
    = s.call(verb::post, "/store/carts/" + cart + "/complete");
  EXPECT_EQ(again_status, http::status::ok);
  EXPECT_EQ(std::string_view(again["order"]["id"]), id);
  auto [get_status, got] = s.call(verb::get, "/store/orders/" + id);
  EXPECT_EQ(get_status, http::status::ok);
  EXPECT_EQ(std::string_view(got["order"]["items"].at(0)["variant_id"]),
            variant(0, 0));
  auto [cart_status, completed] = s.call(verb::get, "/store/carts/" + cart);
  EXPECT_NE(std::string_view(completed["cart"]["completed_at"]), "");
  auto [missing, none] = s.call(verb::get, "/store/orders/order_nope");
  EXPECT_EQ(missing, http::status::not_found);
  // The confirmation e-mail (local provider: the notifications table), once.
  pqxx::connection db{conninfo};
  auto sent = [&] {
    return pqxx::nontransaction{db}
      .exec_params1("SELECT count(*) FROM notifications WHERE cause = $1"
                    " AND recipient = 'shopper@example.com'",
                    "order.placed:" + id)[0]
      .as<int>();
  };
  for (int i = 0; i < 500 && sent() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  EXPECT_EQ(sent(), 1);
}

// Every field Medusa v2.21.2 puts at the top of a cart, a cart line and an
// order (from shared/medusa-api/samples, without the raw_* BigNumbers), so
// storefronts written against Medusa find what they read.
TEST_F(CheckoutApi, CartsAndOrdersCarryMedusasFieldsWithExactAmounts) {
  const std::vector<std::string> cart_keys{"billing_address",
                                           "completed_at",
                                           "created_at",
                                           "credit_line_subtotal",
                                           "credit_line_tax_total",
                                           "credit_line_total",
                                           "credit_lines",
                                           "currency_code",
                                           "customer",
                                           "customer_id",
                                           "discount_subtotal",
                                           "discount_tax_total",
                                           "discount_total",
                                           "email",
                                           "id",
                                           "item_discount_total",
                                           "item_subtotal",
                                           "item_tax_total",
                                           "item_total",
                                           "items",
                                           "locale",
                                           "metadata",
                                           "original_item_subtotal",
                                           "original_item_tax_total",
                                           "original_item_total",
                                           "original_shipping_subtotal",
                                           "original_shipping_tax_total",
                                           "original_shipping_total",
                                           "original_tax_total",
                                           "original_total",
                                           "promotions",
                                           "region",
                                           "region_id",
                                           "sales_channel_id",
                                           "shipping_address",
                                           "shipping_address_id",
                                           "shipping_discount_total",
                                           "shipping_methods",
                                           "shipping_subtotal",
                                           "shipping_tax_total",
                                           "shipping_total",
                                           "subtotal",
                                           "tax_total",
                                           "total",
                                           "updated_at"};
  const std::vector<std::string> line_keys{"adjustments",
                                           "compare_at_unit_price",
                                           "created_at",
                                           "id",
                                           "is_giftcard",
                                           "is_tax_inclusive",
                                           "metadata",
                                           "product",
                                           "product_collection",
                                           "product_description",
                                           "product_handle",
                                           "product_id",
                                           "product_subtitle",
                                           "product_title",
                                           "product_type",
                                           "product_type_id",
                                           "quantity",
                                           "requires_shipping",
                                           "tax_lines",
                                           "thumbnail",
                                           "title",
                                           "unit_price",
                                           "updated_at",
                                           "variant_barcode",
                                           "variant_id",
                                           "variant_sku",
                                           "variant_title"};
  const std::vector<std::string> order_keys{"billing_address",
                                            "created_at",
                                            "credit_line_subtotal",
                                            "credit_line_tax_total",
                                            "credit_line_total",
                                            "credit_lines",
                                            "currency_code",
                                            "custom_display_id",
                                            "discount_subtotal",
                                            "discount_tax_total",
                                            "discount_total",
                                            "display_id",
                                            "email",
                                            "fulfillment_status",
                                            "fulfillments",
                                            "id",
                                            "item_subtotal",
                                            "item_tax_total",
                                            "item_total",
                                            "items",
                                            "original_item_subtotal",
                                            "original_item_tax_total",
                                            "original_item_total",
                                            "original_shipping_subtotal",
                                            "original_shipping_tax_total",
                                            "original_shipping_total",
                                            "original_subtotal",
                                            "original_tax_total",
                                            "original_total",
                                            "payment_collections",
                                            "payment_status",
                                            "region_id",
                                            "shipping_address",
                                            "shipping_methods",
                                            "shipping_subtotal",
                                            "shipping_tax_total",
                                            "shipping_total",
                                            "status",
                                            "subtotal",
                                            "summary",
                                            "tax_total",
                                            "total",
                                            "updated_at",
                                            "version"};
  auto has_all
    = [](simdjson::dom::element o, const std::vector<std::string>& keys) {
        std::string missing;
        for (auto& k : keys)
          if (o[k].error())
            missing += k + " ";
        return missing;
      };
  shopper s;
  auto cart = s.ready_cart(variant(0, 0), 2);
  auto [s1, got] = s.call(verb::get, "/store/carts/" + cart);
  ASSERT_EQ(s1, http::status::ok);
  EXPECT_EQ(has_all(got["cart"], cart_keys), "");
  EXPECT_EQ(has_all(got["cart"]["items"].at(0), line_keys), "");
  EXPECT_EQ(int64_t(got["cart"]["items"].at(0)["tax_lines"].at(0)["rate"]), 19);
  EXPECT_EQ(double(got["cart"]["original_item_total"]), 2.86);
  auto [s2, done] = s.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(s2, http::status::ok) << s.bodies.back();
  simdjson::dom::element order = done["order"];
  EXPECT_EQ(has_all(order, order_keys), "");
  // 2 × 1.20 = 2.40 + 0.46 tax; shipping 4.95 + 0.94 tax; 8.75 in all.
  EXPECT_EQ(double(order["item_total"]), 2.86);
  EXPECT_EQ(double(order["item_tax_total"]), 0.46);
  EXPECT_EQ(double(order["shipping_total"]), 5.89);
  EXPECT_EQ(double(order["shipping_tax_total"]), 0.94);
  EXPECT_EQ(double(order["original_total"]), 8.75);
  EXPECT_EQ(double(order["payment_collections"].at(0)["authorized_amount"]),
            8.75);
}

TEST_F(CheckoutApi, AnEmptyCartOrOneWithoutPaymentCannotComplete) {
  shopper s;
  auto [c1, created] = s.call(verb::post, "/store/carts", "{}");
  std::string id{std::string_view(created["cart"]["id"])};
  auto [status, err] = s.call(verb::post, "/store/carts/" + id + "/complete");
  EXPECT_EQ(status, http::status::bad_request);
  EXPECT_EQ(std::string_view(err["message"]),
            "Cannot complete a cart with no items");
  s.call(verb::post, "/store/carts/" + id + "/line-items",
         R"({"variant_id":")" + variant(1, 0) + R"(","quantity":1})");
  s.call(verb::post, "/store/carts/" + id + "/shipping-methods",
         R"({"option_id":")" + demo->shipping_option_id + R"("})");
  auto [status2, err2] = s.call(verb::post, "/store/carts/" + id + "/complete");
  EXPECT_EQ(status2, http::status::bad_request);
  EXPECT_EQ(std::string_view(err2["message"]),
            "Payment sessions are required to complete cart");
  auto [s404, nf] = s.call(verb::post, "/store/carts/cart_nope/complete");
  EXPECT_EQ(s404, http::status::not_found);
}

TEST_F(CheckoutApi, CompletingTheSameCartFiveTimesAtOnceGivesOneOrder) {
  shopper s;
  auto cart = s.ready_cart(variant(1, 1));
  std::mutex mtx;
  std::set<std::string> orders;
  std::vector<std::thread> tabs;
  for (int i = 0; i < 5; ++i)
    tabs.emplace_back([&] {
      shopper tab;
      auto [status, done]
        = tab.call(verb::post, "/store/carts/" + cart + "/complete");
      std::lock_guard guard{mtx};
      EXPECT_EQ(status, http::status::ok) << tab.bodies.back();
      if (status == http::status::ok)
        orders.insert(std::string{std::string_view(done["order"]["id"])});
    });
  for (auto& t : tabs)
    t.join();
  EXPECT_EQ(orders.size(), 1u);
}

TEST_F(CheckoutApi, TenUnitsLeftAndAHundredCheckoutsMakeExactlyTenOrders) {
  auto scarce = variant(2, 0); // the 8oz sleeve: no other test buys it
  ASSERT_TRUE(app->set_stock(scarce, 10));
  std::vector<std::string> carts(100);
  {
    std::vector<std::thread> prep;
    for (int t = 0; t < 10; ++t)
      prep.emplace_back([&, t] {
        shopper s;
        for (int i = t; i < 100; i += 10)
          carts[i] = s.ready_cart(scarce);
      });
    for (auto& t : prep)
      t.join();
  }
  std::atomic<int> placed{0};
  std::atomic<int> out_of_stock{0};
  std::mutex mtx;
  std::vector<std::int64_t> numbers;
  std::vector<std::thread> rush;
  for (int i = 0; i < 100; ++i)
    rush.emplace_back([&, i] {
      shopper s;
      auto [status, body]
        = s.call(verb::post, "/store/carts/" + carts[i] + "/complete");
      if (status == http::status::ok) {
        ++placed;
        std::lock_guard guard{mtx};
        numbers.push_back(int64_t(body["order"]["display_id"]));
      } else if (status == http::status::conflict
                 && s.bodies.back().find("out of stock") != std::string::npos) {
        ++out_of_stock;
      } else {
        ADD_FAILURE() << int(status) << " " << s.bodies.back();
      }
    });
  for (auto& t : rush)
    t.join();
  EXPECT_EQ(placed, 10);
  EXPECT_EQ(out_of_stock, 90);
  std::sort(numbers.begin(), numbers.end());
  ASSERT_EQ(numbers.size(), 10u);
  EXPECT_EQ(numbers.back() - numbers.front(), 9)
    << "the 90 compensated checkouts took no display ids";
}

TEST_F(CheckoutApi, AHundredCartsCheckingOutDifferentItemsAllSucceed) {
  std::atomic<int> placed{0};
  std::vector<std::thread> shoppers;
  for (int t = 0; t < 100; ++t)
    shoppers.emplace_back([&, t] {
      shopper s;
      auto p = static_cast<size_t>(t) % 2; // products 0 and 1
      auto cart = s.ready_cart(demo->products[p].second[t % 2]);
      auto [status, body]
        = s.call(verb::post, "/store/carts/" + cart + "/complete");
      if (status == http::status::ok)
        ++placed;
      else
        ADD_FAILURE() << s.bodies.back();
    });
  for (auto& t : shoppers)
    t.join();
  EXPECT_EQ(placed, 100);
}

// Changes racing a checkout either land before it (and are in the order)
// or are refused with 409 while the cart is locked: none is lost.
TEST_F(CheckoutApi, ChangesDuringACheckoutAreInTheOrderOrRefusedNeverLost) {
  for (int round = 0; round < 5; ++round) {
    shopper s;
    auto item = variant(0, 1);
    auto cart = s.ready_cart(item);
    std::atomic<bool> completing{true};
    std::atomic<int> added{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> tabs;
    for (int t = 0; t < 3; ++t)
      tabs.emplace_back([&] {
        shopper tab;
        while (completing) {
          auto [status, body]
            = tab.call(verb::post, "/store/carts/" + cart + "/line-items",
                       R"({"variant_id":")" + item + R"(","quantity":1})");
          if (status == http::status::ok)
            ++added;
          else if (status == http::status::conflict)
            ++refused;
          else
            ADD_FAILURE() << int(status) << " " << tab.bodies.back();
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
    auto [status, done]
      = s.call(verb::post, "/store/carts/" + cart + "/complete");
    completing = false;
    for (auto& t : tabs)
      t.join();
    // A change between the cart's read and the workflow's start makes a new
    // version: the checkout then fails validation or is a fresh one.
    if (status != http::status::ok)
      continue;
    auto order_quantity = int64_t(done["order"]["items"].at(0)["quantity"]);
    auto [cs, after] = s.call(verb::get, "/store/carts/" + cart);
    EXPECT_EQ(int64_t(after["cart"]["items"].at(0)["quantity"]),
              order_quantity);
    EXPECT_EQ(order_quantity, 1 + added) << "an accepted change is missing";
    EXPECT_GT(refused, 0) << "round " << round;
  }
}

// A failed checkout unlocks the cart: it can change and complete again.
TEST_F(CheckoutApi, AFailedCheckoutUnlocksTheCartForChangesAndARetry) {
  auto rare = variant(2, 1);
  ASSERT_TRUE(app->set_stock(rare, 0));
  shopper s;
  auto cart = s.ready_cart(rare);
  auto [s1, failed] = s.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(s1, http::status::conflict) << s.bodies.back();
  auto [s2, changed]
    = s.call(verb::post, "/store/carts/" + cart + "/line-items",
             R"({"variant_id":")" + variant(0, 0) + R"(","quantity":1})");
  EXPECT_EQ(s2, http::status::ok) << s.bodies.back();
  ASSERT_TRUE(app->set_stock(rare, 5));
  auto [s3, placed] = s.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(s3, http::status::ok) << s.bodies.back();
  EXPECT_EQ(simdjson::dom::array(placed["order"]["items"]).size(), 2u);
}

// The catalog can change after a line went into a cart; checkout checks
// the cart against the catalog as it is then, and refuses what the
// merchant withdrew or repriced, naming it. The cart stays open to fix.
TEST_F(CheckoutApi, ACheckoutOfAWithdrawnOrRepricedItemIsRefusedNamingIt) {
  auto token = admin_token();
  shopper admin;
  admin.http.set_header("authorization", "Bearer " + token);
  auto [s1, made] = admin.call(
    verb::post, "/admin/products",
    R"({"title":"Gift Bag","status":"published","options":[{"title":"Size","values":["S"]}],)"
    R"("variants":[{"title":"S","sku":"BAG-S","prices":[{"currency_code":"eur","amount":2.5}],)"
    R"("options":{"Size":"S"}}]})");
  ASSERT_EQ(s1, http::status::ok) << admin.bodies.back();
  std::string product{std::string_view(made["product"]["id"])};
  std::string bag{std::string_view(made["product"]["variants"].at(0)["id"])};
  ASSERT_TRUE(app->set_stock(bag, 10));

  shopper s;
  auto cart = s.ready_cart(bag, 2);
  ASSERT_EQ(
    admin
      .call(verb::post, "/admin/products/" + product, R"({"status":"draft"})")
      .first,
    http::status::ok);
  auto [s2, refused] = s.call(verb::post, "/store/carts/" + cart + "/complete");
  EXPECT_EQ(s2, http::status::bad_request) << s.bodies.back();
  EXPECT_EQ(std::string_view(refused["type"]), "invalid_data");
  EXPECT_EQ(std::string_view(refused["message"]),
            "Gift Bag (S) is no longer for sale (variant " + bag
              + "); remove it from the cart");
  auto [s3, bag_stock] = admin.call(verb::get, "/admin/inventory-items/" + bag);
  EXPECT_EQ(int64_t(bag_stock["inventory_item"]["reserved_quantity"]), 0);
  // Published again, the same cart completes.
  ASSERT_EQ(admin
              .call(verb::post, "/admin/products/" + product,
                    R"({"status":"published"})")
              .first,
            http::status::ok);

  // A shipping option repriced after the shopper chose it.
  auto [s4, option] = admin.call(verb::post, "/admin/shipping-options",
                                 R"({"name":"Courier","region_id":")"
                                   + demo->region_id + R"(","amount":9.5})");
  ASSERT_EQ(s4, http::status::ok) << admin.bodies.back();
  std::string courier{std::string_view(option["shipping_option"]["id"])};
  ASSERT_EQ(s.call(verb::post, "/store/carts/" + cart + "/shipping-methods",
                   R"({"option_id":")" + courier + R"("})")
              .first,
            http::status::ok)
    << "the refused checkout left the cart open";
  ASSERT_EQ(admin
              .call(verb::post, "/admin/shipping-options/" + courier,
                    R"({"amount":12})")
              .first,
            http::status::ok);
  auto [s5, repriced]
    = s.call(verb::post, "/store/carts/" + cart + "/complete");
  EXPECT_EQ(s5, http::status::bad_request) << s.bodies.back();
  EXPECT_EQ(std::string_view(repriced["message"]),
            "The shipping option Courier changed from 9.50 to 12.00 eur; "
            "choose it again");
  // Chosen again at its new price: the order is placed.
  s.call(verb::post, "/store/carts/" + cart + "/shipping-methods",
         R"({"option_id":")" + courier + R"("})");
  auto [s6, placed] = s.call(verb::post, "/store/carts/" + cart + "/complete");
  ASSERT_EQ(s6, http::status::ok) << s.bodies.back();
  EXPECT_EQ(double(placed["order"]["shipping_methods"].at(0)["amount"]), 12);
}

} // namespace
} // namespace souk
