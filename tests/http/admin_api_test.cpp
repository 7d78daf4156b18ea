// The admin API and customer ownership over real HTTP on a real
// PostgreSQL: orders (list from the read model, transitions through the
// order actor), products (CRUD through the catalog), customer profiles and
// address books, and the rule that a customer never sees another's carts,
// orders or addresses.
#include "http/server_app.hpp"

#include <algorithm>
#include <deque>
#include <thread>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;

class AdminApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() { start_souk(); }

  AdminApi() : client("127.0.0.1", app->port()) {
    client.set_header("x-publishable-api-key", demo->publishable_key);
  }

  std::pair<http::status, simdjson::dom::element>
  call(verb v, const std::string& target, std::string body = {},
       const std::string& token = {}) {
    client.set_header("authorization", token.empty() ? "" : "Bearer " + token);
    auto res = client.request(v, target, std::move(body));
    bodies.push_back(res.body());
    return {res.result(), parser.parse(bodies.back())};
  }

  std::string token_for(const std::string& actor, const std::string& email,
                        const std::string& password) {
    auto [s, b] = call(verb::post, "/auth/" + actor + "/emailpass",
                       R"({"email":")" + email + R"(","password":")" + password
                         + R"("})");
    EXPECT_EQ(s, http::status::ok) << bodies.back();
    return s == http::status::ok ? std::string{std::string_view(b["token"])}
                                 : std::string{};
  }

  std::string admin() {
    return token_for("user", demo->admin_email, demo->admin_password);
  }

  std::string customer(const std::string& email) {
    auto [s1, reg]
      = call(verb::post, "/auth/customer/emailpass/register",
             R"({"email":")" + email + R"(","password":"long-enough-pw"})");
    std::string t{std::string_view(reg["token"])};
    call(verb::post, "/store/customers", R"({"first_name":"C"})", t);
    return token_for("customer", email, "long-enough-pw");
  }

  // A completed checkout of `quantity` of `variant`; the order's id.
  std::string order_for(const std::string& token, std::string variant = {},
                        int quantity = 1) {
    if (variant.empty())
      variant = demo->products[1].second[0];
    auto [s1, c] = call(verb::post, "/store/carts", "{}", token);
    std::string cart{std::string_view(c["cart"]["id"])};
    call(verb::post, "/store/carts/" + cart + "/line-items",
         R"({"variant_id":")" + variant + R"(","quantity":)"
           + std::to_string(quantity) + "}",
         token);
    call(verb::post, "/store/carts/" + cart + "/shipping-methods",
         R"({"option_id":")" + demo->shipping_option_id + R"("})", token);
    auto [s4, col] = call(verb::post, "/store/payment-collections",
                          R"({"cart_id":")" + cart + R"("})", token);
    std::string pay{std::string_view(col["payment_collection"]["id"])};
    call(verb::post, "/store/payment-collections/" + pay + "/payment-sessions",
         R"({"provider_id":"pp_system_default"})", token);
    auto [s6, done]
      = call(verb::post, "/store/carts/" + cart + "/complete", {}, token);
    EXPECT_EQ(s6, http::status::ok) << bodies.back();
    return std::string{std::string_view(done["order"]["id"])};
  }

  // The order list's count for a query, read once: lists read their
  // writes, so no waiting or retrying here.
  int64_t count_of(const std::string& target, const std::string& token) {
    auto [s, b] = call(verb::get, target, {}, token);
    EXPECT_EQ(s, http::status::ok) << bodies.back();
    return s == http::status::ok ? int64_t(b["count"]) : -1;
  }

  test::http_client client;
  simdjson::dom::parser parser;
  std::deque<std::string> bodies;
};

TEST_F(AdminApi, OrdersAreListedAndMoveThroughTheirLifecycle) {
  auto shopper = customer("lifecycle@example.com");
  auto id = order_for(shopper);
  auto token = admin();
  auto [s0, detail] = call(verb::get, "/admin/orders/" + id, {}, token);
  ASSERT_EQ(s0, http::status::ok) << bodies.back();
  std::string customer_id{std::string_view(detail["order"]["customer_id"])};
  EXPECT_EQ(count_of("/admin/orders?customer_id=" + customer_id, token), 1);
  // Shipping before fulfilment is an illegal move: 409 naming the state.
  auto [s1, early] = call(verb::post, "/admin/orders/" + id + "/ship",
                          R"({"tracking_number":"T1"})", token);
  EXPECT_EQ(s1, http::status::conflict);
  EXPECT_NE(bodies.back().find("payment_authorized"), std::string::npos)
    << bodies.back();
  auto [s2, captured]
    = call(verb::post, "/admin/orders/" + id + "/capture", "{}", token);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  EXPECT_EQ(std::string_view(captured["order"]["payment_status"]), "captured");
  EXPECT_EQ(
    call(verb::post, "/admin/orders/" + id + "/fulfillments", "{}", token)
      .first,
    http::status::ok);
  EXPECT_EQ(call(verb::post, "/admin/orders/" + id + "/ship",
                 R"({"tracking_number":"T1"})", token)
              .first,
            http::status::ok);
  auto [s5, cancel]
    = call(verb::post, "/admin/orders/" + id + "/cancel", "{}", token);
  EXPECT_EQ(s5, http::status::conflict) << "no cancel after fulfilment";
  auto [s6, refund] = call(verb::post, "/admin/orders/" + id + "/refund",
                           R"({"amount":1})", token);
  EXPECT_EQ(s6, http::status::ok) << bodies.back();
  EXPECT_EQ(std::string_view(refund["order"]["payment_status"]),
            "partially_refunded");
  EXPECT_EQ(call(verb::post, "/admin/orders/" + id + "/refund",
                 R"({"amount":-5})", token)
              .first,
            http::status::bad_request);
  EXPECT_EQ(
    count_of("/admin/orders?status=shipped&customer_id=" + customer_id, token),
    1);
  EXPECT_EQ(
    call(verb::get, "/admin/orders?created_after=yesterday", {}, token).first,
    http::status::bad_request);
}

// The list is a projection, yet a write that returned is in the next read.
TEST_F(AdminApi, AnOrderListReadRightAfterAWriteSeesTheWrite) {
  auto shopper = customer("read-your-writes@example.com");
  auto token = admin();
  for (int i = 1; i <= 10; ++i) {
    auto id = order_for(shopper);
    EXPECT_EQ(count_of("/store/orders", shopper), i);
    ASSERT_EQ(
      call(verb::post, "/admin/orders/" + id + "/capture", "{}", token).first,
      http::status::ok);
    auto [s, b] = call(verb::get, "/store/orders?limit=1", {}, shopper);
    EXPECT_EQ(std::string_view(b["orders"].at(0)["id"]), id);
    EXPECT_EQ(std::string_view(b["orders"].at(0)["souk_status"]),
              "payment_captured")
      << bodies.back();
  }
}

TEST_F(AdminApi, ProductsAreCreatedUpdatedAndDeletedAndTheStoreSeesItAtOnce) {
  auto token = admin();
  auto [s1, created] = call(
    verb::post, "/admin/products",
    R"({"title":"Gift Bag","status":"published","options":[{"title":"Size","values":["S"]}],)"
    R"("variants":[{"title":"S","sku":"BAG-S","prices":[{"currency_code":"eur","amount":2.5}],)"
    R"("options":{"Size":"S"}}]})",
    token);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  std::string id{std::string_view(created["product"]["id"])};
  auto [s2, store] = call(verb::get, "/store/products/" + id
                                       + "?region_id=" + demo->region_id);
  ASSERT_EQ(s2, http::status::ok) << "read your write";
  EXPECT_EQ(double(store["product"]["variants"].at(
              0)["calculated_price"]["calculated_amount"]),
            2.5);
  auto [s3, updated]
    = call(verb::post, "/admin/products/" + id,
           R"({"title":"Gift Bag Deluxe","status":"draft"})", token);
  EXPECT_EQ(std::string_view(updated["product"]["title"]), "Gift Bag Deluxe");
  EXPECT_EQ(call(verb::get, "/store/products/" + id).first,
            http::status::not_found)
    << "drafts are not in the store";
  auto [s4, listed] = call(verb::get, "/admin/products?limit=100", {}, token);
  EXPECT_EQ(int64_t(listed["count"]), 4);
  auto [s5, dup] = call(
    verb::post, "/admin/products",
    R"({"title":"Other","variants":[{"title":"S","sku":"BAG-S","prices":[]}]})",
    token);
  EXPECT_EQ(s5, http::status::conflict) << "SKU taken";
  EXPECT_EQ(
    call(verb::post, "/admin/products", R"({"subtitle":"no title"})", token)
      .first,
    http::status::bad_request);
  auto [s6, gone] = call(verb::delete_, "/admin/products/" + id, {}, token);
  EXPECT_EQ(s6, http::status::ok);
  EXPECT_EQ(call(verb::get, "/admin/products/" + id, {}, token).first,
            http::status::not_found);
}

// The admin edits a variant's SKU and prices (all replaced); the store
// prices with the new one at once, and never shows the price list itself.
TEST_F(AdminApi, AVariantsPricesAreEditedAndTheStoreSellsAtTheNewPrice) {
  auto token = admin();
  auto& [product, variants] = demo->products[2];
  auto path = "/admin/products/" + product + "/variants/" + variants[0];
  auto [s1, edited] = call(
    verb::post, path,
    R"({"sku":"EDITED-1","prices":[{"currency_code":"eur","amount":3.75}]})",
    token);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  for (auto v : edited["product"]["variants"].get_array())
    if (std::string_view(v["id"]) == variants[0]) {
      EXPECT_EQ(std::string_view(v["sku"]), "EDITED-1");
      EXPECT_EQ(double(v["prices"].at(0)["amount"]), 3.75);
      EXPECT_EQ(std::string_view(v["prices"].at(0)["currency_code"]), "eur");
    }
  auto [s2, store] = call(verb::get, "/store/products/" + product
                                       + "?region_id=" + demo->region_id);
  ASSERT_EQ(s2, http::status::ok);
  for (auto v : store["product"]["variants"].get_array()) {
    EXPECT_TRUE(v["prices"].error()) << "the store shows calculated prices";
    if (std::string_view(v["id"]) == variants[0]) {
      EXPECT_EQ(double(v["calculated_price"]["calculated_amount"]), 3.75);
    }
  }
  EXPECT_EQ(call(verb::post, path,
                 R"({"prices":[{"currency_code":"eur","amount":1.234}]})",
                 token)
              .first,
            http::status::bad_request);
  EXPECT_EQ(call(verb::post,
                 "/admin/products/" + product + "/variants/variant_nope",
                 R"({"sku":"X"})", token)
              .first,
            http::status::not_found);
  EXPECT_EQ(call(verb::post, path, R"({"sku":"Y"})").first,
            http::status::unauthorized);
}

TEST_F(AdminApi, ACustomerNeverSeesAnotherCustomersCartsOrOrders) {
  auto alice = customer("alice@example.com");
  auto bob = customer("bob@example.com");
  auto order = order_for(alice);
  auto [s1, mine] = call(verb::get, "/store/orders/" + order, {}, alice);
  EXPECT_EQ(s1, http::status::ok);
  auto [s2, theirs] = call(verb::get, "/store/orders/" + order, {}, bob);
  EXPECT_EQ(s2, http::status::not_found);
  EXPECT_EQ(bodies.back().find("alice"), std::string::npos);
  auto [s3, anon] = call(verb::get, "/store/orders/" + order);
  EXPECT_EQ(s3, http::status::not_found);
  auto [s4, cart] = call(verb::post, "/store/carts", "{}", alice);
  std::string cart_id{std::string_view(cart["cart"]["id"])};
  EXPECT_EQ(call(verb::get, "/store/carts/" + cart_id, {}, bob).first,
            http::status::not_found);
  EXPECT_EQ(call(verb::post, "/store/carts/" + cart_id + "/line-items",
                 R"({"variant_id":")" + demo->products[0].second[0]
                   + R"(","quantity":1})",
                 bob)
              .first,
            http::status::not_found);
  EXPECT_EQ(count_of("/store/orders", alice), 1);
  EXPECT_EQ(count_of("/store/orders", bob), 0);
  EXPECT_EQ(call(verb::get, "/store/orders").first, http::status::unauthorized);
}

TEST_F(AdminApi, ACustomerKeepsAnAddressBookWithOneDefaultShippingAddress) {
  auto me = customer("addresses@example.com");
  auto [s0, none] = call(verb::get, "/store/customers/me/addresses", {}, me);
  ASSERT_EQ(s0, http::status::ok) << bodies.back();
  EXPECT_EQ(int64_t(none["count"]), 0);
  auto [s1, added] = call(verb::post, "/store/customers/me/addresses",
                          R"({"address_name":"Office","first_name":"Ada",)"
                          R"("address_1":"Hauptstr. 1","city":"Berlin",)"
                          R"("country_code":"DE","postal_code":"10115",)"
                          R"("is_default_shipping":true})",
                          me);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  auto first = added["customer"]["addresses"].at(0);
  std::string office{std::string_view(first["id"])};
  EXPECT_EQ(office.rfind("cuaddr_", 0), 0u);
  EXPECT_EQ(std::string_view(first["country_code"]), "de");
  EXPECT_TRUE(bool(first["is_default_shipping"]));
  // A second default shipping address takes the place of the first.
  auto [s2, second] = call(verb::post, "/store/customers/me/addresses",
                           R"({"address_name":"Home","city":"Hamburg",)"
                           R"("country_code":"de","is_default_shipping":true})",
                           me);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  auto book = second["customer"]["addresses"];
  ASSERT_EQ(simdjson::dom::array(book).size(), 2u);
  EXPECT_FALSE(bool(book.at(0)["is_default_shipping"]));
  EXPECT_TRUE(bool(book.at(1)["is_default_shipping"]));
  std::string home{std::string_view(book.at(1)["id"])};
  // Read one, change one, list with paging.
  auto [s3, one]
    = call(verb::get, "/store/customers/me/addresses/" + office, {}, me);
  EXPECT_EQ(s3, http::status::ok);
  EXPECT_EQ(std::string_view(one["address"]["city"]), "Berlin");
  auto [s4, changed]
    = call(verb::post, "/store/customers/me/addresses/" + office,
           R"({"city":"Potsdam"})", me);
  ASSERT_EQ(s4, http::status::ok) << bodies.back();
  EXPECT_EQ(std::string_view(changed["customer"]["addresses"].at(0)["city"]),
            "Potsdam");
  EXPECT_EQ(
    std::string_view(changed["customer"]["addresses"].at(0)["address_1"]),
    "Hauptstr. 1"); // untouched fields stay
  auto [s5, paged]
    = call(verb::get, "/store/customers/me/addresses?limit=1&offset=1", {}, me);
  EXPECT_EQ(int64_t(paged["count"]), 2);
  EXPECT_EQ(std::string_view(paged["addresses"].at(0)["id"]), home);
  // Bad input is a 400 naming the field.
  auto [s6, bad]
    = call(verb::post, "/store/customers/me/addresses", R"({"city":7})", me);
  EXPECT_EQ(s6, http::status::bad_request);
  EXPECT_NE(bodies.back().find("city"), std::string::npos);
  EXPECT_EQ(call(verb::post, "/store/customers/me/addresses",
                 R"({"country_code":"Germany"})", me)
              .first,
            http::status::bad_request);
  // The profile changes and shows the book.
  auto [s7, profile] = call(verb::post, "/store/customers/me",
                            R"({"last_name":"Lovelace"})", me);
  ASSERT_EQ(s7, http::status::ok) << bodies.back();
  EXPECT_EQ(std::string_view(profile["customer"]["last_name"]), "Lovelace");
  EXPECT_EQ(std::string_view(profile["customer"]["first_name"]), "C");
  // Deleted: gone from the book, then a 404.
  auto [s8, deleted]
    = call(verb::delete_, "/store/customers/me/addresses/" + home, {}, me);
  ASSERT_EQ(s8, http::status::ok) << bodies.back();
  EXPECT_TRUE(bool(deleted["deleted"]));
  EXPECT_EQ(simdjson::dom::array(deleted["parent"]["addresses"]).size(), 1u);
  EXPECT_EQ(
    call(verb::get, "/store/customers/me/addresses/" + home, {}, me).first,
    http::status::not_found);
  EXPECT_EQ(call(verb::get, "/store/customers/me/addresses").first,
            http::status::unauthorized);
}

TEST_F(AdminApi, ACustomerNeverSeesOrChangesAnotherCustomersAddresses) {
  auto alice = customer("alice-book@example.com");
  auto bob = customer("bob-book@example.com");
  auto [s1, added]
    = call(verb::post, "/store/customers/me/addresses",
           R"({"city":"Alice City","country_code":"de"})", alice);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  std::string id{std::string_view(added["customer"]["addresses"].at(0)["id"])};
  auto path = "/store/customers/me/addresses/" + id;
  EXPECT_EQ(call(verb::get, path, {}, bob).first, http::status::not_found);
  EXPECT_EQ(bodies.back().find("Alice City"), std::string::npos);
  EXPECT_EQ(call(verb::post, path, R"({"city":"Bob was here"})", bob).first,
            http::status::not_found);
  EXPECT_EQ(call(verb::delete_, path, {}, bob).first, http::status::not_found);
  auto [s2, list] = call(verb::get, "/store/customers/me/addresses", {}, bob);
  EXPECT_EQ(int64_t(list["count"]), 0);
  auto [s3, mine] = call(verb::get, path, {}, alice);
  EXPECT_EQ(std::string_view(mine["address"]["city"]), "Alice City");
}

TEST_F(AdminApi, AnAddressFieldThatIsTooLongOrHoldsNulIsRefusedNamingIt) {
  auto me = customer("long-fields@example.com");
  auto path = std::string{"/store/customers/me/addresses"};
  auto [s1, b1] = call(verb::post, path,
                       R"({"city":")" + std::string(1001, 'c') + R"("})", me);
  EXPECT_EQ(s1, http::status::bad_request);
  EXPECT_EQ(std::string_view(b1["message"]),
            "Invalid request: Field 'city' must be at most 1000 bytes long, "
            "got 1001");
  auto [s2, b2] = call(verb::post, path, R"({"address_1":"Main\u0000St"})", me);
  EXPECT_EQ(s2, http::status::bad_request) << "not a 500 from PostgreSQL";
  EXPECT_EQ(std::string_view(b2["message"]),
            "Invalid request: Field 'address_1' must not contain the NUL "
            "character (U+0000)");
  auto [s3, b3]
    = call(verb::post, "/store/customers/me",
           R"({"first_name":")" + std::string(1001, 'n') + R"("})", me);
  EXPECT_EQ(s3, http::status::bad_request);
  EXPECT_NE(bodies.back().find("'first_name' must be at most 1000"),
            std::string::npos);
  auto [s4, none] = call(verb::get, path, {}, me);
  EXPECT_EQ(int64_t(none["count"]), 0) << "nothing stored";
}

TEST_F(AdminApi, ACustomerKeepsAtMostFiftyAddressesEvenWhenAddingAtOnce) {
  auto me = customer("fifty@example.com");
  auto path = std::string{"/store/customers/me/addresses"};
  for (int i = 0; i < 40; ++i)
    ASSERT_EQ(call(verb::post, path,
                   R"({"city":"City )" + std::to_string(i) + R"("})", me)
                .first,
              http::status::ok)
      << bodies.back();
  // 20 adds at once for the last 10 places: exactly 10 land.
  std::vector<http::status> answers(20);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < answers.size(); ++t)
    threads.emplace_back([&, t] {
      test::http_client c{"127.0.0.1", app->port()};
      c.set_header("x-publishable-api-key", demo->publishable_key);
      c.set_header("authorization", "Bearer " + me);
      answers[t] = c.request(verb::post, path, R"({"city":"Late"})").result();
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(std::count(answers.begin(), answers.end(), http::status::ok), 10);
  EXPECT_EQ(std::count(answers.begin(), answers.end(), http::status::conflict),
            10);
  auto [s1, full] = call(verb::post, path, R"({"city":"One too many"})", me);
  EXPECT_EQ(s1, http::status::conflict);
  EXPECT_EQ(std::string_view(full["type"]), "not_allowed");
  EXPECT_EQ(std::string_view(full["message"]),
            "A customer can keep at most 50 addresses; delete one to add "
            "another");
  auto [s2, book] = call(verb::get, path + "?limit=100", {}, me);
  EXPECT_EQ(int64_t(book["count"]), 50);
  // A place freed is a place to fill.
  std::string first{std::string_view(book["addresses"].at(0)["id"])};
  EXPECT_EQ(call(verb::delete_, path + "/" + first, {}, me).first,
            http::status::ok);
  EXPECT_EQ(call(verb::post, path, R"({"city":"Again"})", me).first,
            http::status::ok);
}

TEST_F(AdminApi, RegionsAndShippingOptionsAreManagedAndTheStoreSeesThem) {
  auto token = admin();
  EXPECT_EQ(call(verb::post, "/admin/regions", R"({"name":"X"})").first,
            http::status::unauthorized);
  auto [s1, created] = call(verb::post, "/admin/regions",
                            R"({"name":"France","currency_code":"EUR",)"
                            R"("countries":["FR"],"tax_rate":5.5})",
                            token);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  std::string region{std::string_view(created["region"]["id"])};
  EXPECT_EQ(region.rfind("reg_", 0), 0u);
  EXPECT_EQ(std::string_view(created["region"]["currency_code"]), "eur");
  EXPECT_EQ(double(created["region"]["tax_rate"]), 5.5);
  EXPECT_EQ(std::string_view(created["region"]["countries"].at(0)["iso_2"]),
            "fr");
  // Validation: a country is in one region; rates are exact percentages.
  EXPECT_EQ(call(verb::post, "/admin/regions",
                 R"({"name":"Again","currency_code":"eur","countries":["fr"]})",
                 token)
              .first,
            http::status::conflict);
  EXPECT_EQ(
    call(verb::post, "/admin/regions/" + region, R"({"tax_rate":5.555})", token)
      .first,
    http::status::bad_request);
  EXPECT_EQ(call(verb::post, "/admin/regions/" + region,
                 R"({"tax_rate":"high"})", token)
              .first,
            http::status::bad_request);
  EXPECT_EQ(
    call(verb::post, "/admin/regions", R"({"name":"No currency"})", token)
      .first,
    http::status::bad_request);
  auto [s2, updated]
    = call(verb::post, "/admin/regions/" + region, R"({"tax_rate":20})", token);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  EXPECT_EQ(int64_t(updated["region"]["tax_rate"]), 20);
  EXPECT_EQ(std::string_view(updated["region"]["name"]), "France");
  auto [s3, store] = call(verb::get, "/store/regions/" + region);
  EXPECT_EQ(s3, http::status::ok) << "the store sees it at once";
  auto [s4, listed] = call(verb::get, "/admin/regions", {}, token);
  EXPECT_EQ(int64_t(listed["count"]), 2);

  // A flat-rate option in the new region, offered to its carts.
  auto [s5, option] = call(verb::post, "/admin/shipping-options",
                           R"({"name":"Colissimo","region_id":")" + region
                             + R"(","amount":6.9})",
                           token);
  ASSERT_EQ(s5, http::status::ok) << bodies.back();
  std::string so{std::string_view(option["shipping_option"]["id"])};
  EXPECT_EQ(double(option["shipping_option"]["amount"]), 6.9);
  EXPECT_EQ(
    call(verb::post, "/admin/shipping-options",
         R"({"name":"Bad","region_id":")" + region + R"(","amount":-1})", token)
      .first,
    http::status::bad_request);
  auto [s6, cart]
    = call(verb::post, "/store/carts", R"({"region_id":")" + region + R"("})");
  ASSERT_EQ(s6, http::status::ok) << bodies.back();
  std::string cart_id{std::string_view(cart["cart"]["id"])};
  auto [s7, offered]
    = call(verb::get, "/store/shipping-options?cart_id=" + cart_id);
  ASSERT_EQ(s7, http::status::ok) << bodies.back();
  ASSERT_EQ(simdjson::dom::array(offered["shipping_options"]).size(), 1u);
  EXPECT_EQ(std::string_view(offered["shipping_options"].at(0)["id"]), so);
  auto [s8, repriced] = call(verb::post, "/admin/shipping-options/" + so,
                             R"({"amount":7})", token);
  ASSERT_EQ(s8, http::status::ok) << bodies.back();
  EXPECT_EQ(int64_t(repriced["shipping_option"]["amount"]), 7);
  EXPECT_EQ(std::string_view(repriced["shipping_option"]["name"]), "Colissimo");
  // Deleting the region takes its option with it.
  auto [s9, gone] = call(verb::delete_, "/admin/regions/" + region, {}, token);
  ASSERT_EQ(s9, http::status::ok) << bodies.back();
  EXPECT_TRUE(bool(gone["deleted"]));
  EXPECT_EQ(call(verb::get, "/admin/shipping-options/" + so, {}, token).first,
            http::status::not_found);
  EXPECT_EQ(call(verb::get, "/store/regions/" + region).first,
            http::status::not_found);
  EXPECT_EQ(
    call(verb::delete_, "/admin/shipping-options/" + so, {}, token).first,
    http::status::not_found);
}

TEST_F(AdminApi, StockIsSetPerVariantAndCheckoutsReserveIt) {
  auto token = admin();
  auto variant = demo->products[2].second[0];
  auto path = "/admin/inventory-items/" + variant;
  EXPECT_EQ(call(verb::get, path).first, http::status::unauthorized);
  auto [s1, before] = call(verb::get, path, {}, token);
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  EXPECT_EQ(int64_t(before["inventory_item"]["stocked_quantity"]), 1000);
  auto [s2, set] = call(verb::post, path, R"({"stocked_quantity":1})", token);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  EXPECT_EQ(int64_t(set["inventory_item"]["available_quantity"]), 1);
  EXPECT_EQ(call(verb::post, path, R"({"stocked_quantity":-1})", token).first,
            http::status::bad_request);
  EXPECT_EQ(call(verb::post, path, R"({"stocked_quantity":1.5})", token).first,
            http::status::bad_request);
  EXPECT_EQ(call(verb::post, "/admin/inventory-items/variant_nope",
                 R"({"stocked_quantity":1})", token)
              .first,
            http::status::not_found);
  // One checkout takes the last unit: reserved, none available.
  auto [c1, cart] = call(verb::post, "/store/carts", "{}");
  std::string cart_id{std::string_view(cart["cart"]["id"])};
  call(verb::post, "/store/carts/" + cart_id + "/line-items",
       R"({"variant_id":")" + variant + R"(","quantity":1})");
  call(verb::post, "/store/carts/" + cart_id + "/shipping-methods",
       R"({"option_id":")" + demo->shipping_option_id + R"("})");
  auto [c4, col] = call(verb::post, "/store/payment-collections",
                        R"({"cart_id":")" + cart_id + R"("})");
  std::string pay{std::string_view(col["payment_collection"]["id"])};
  call(verb::post, "/store/payment-collections/" + pay + "/payment-sessions",
       R"({"provider_id":"pp_system_default"})");
  auto [c6, done] = call(verb::post, "/store/carts/" + cart_id + "/complete");
  ASSERT_EQ(c6, http::status::ok) << bodies.back();
  auto [s3, after] = call(verb::get, path, {}, token);
  EXPECT_EQ(int64_t(after["inventory_item"]["reserved_quantity"]), 1);
  EXPECT_EQ(int64_t(after["inventory_item"]["available_quantity"]), 0);
  call(verb::post, path, R"({"stocked_quantity":1000})", token);
}

TEST_F(AdminApi, ProductBodiesAreReadStrictlyWithLimitsOnEveryString) {
  auto token = admin();
  auto product = [](const std::string& fields) {
    return R"({"title":"Strict",)" + fields
           + R"("variants":[{"title":"One","sku":"STRICT-1",)"
             R"("prices":[{"currency_code":"eur","amount":1}]}]})";
  };
  auto [s1, b1]
    = call(verb::post, "/admin/products", product("") + " x", token);
  EXPECT_EQ(s1, http::status::bad_request);
  EXPECT_EQ(std::string_view(b1["message"]),
            "Invalid request: the body must be one JSON object and nothing "
            "after it");
  auto [s2, b2] = call(verb::post, "/admin/products",
                       product(R"("subtitle":"a\u0000b",)"), token);
  EXPECT_EQ(s2, http::status::bad_request);
  EXPECT_NE(bodies.back().find("'subtitle' must not contain the NUL"),
            std::string::npos);
  auto [s3, b3] = call(verb::post, "/admin/products",
                       R"({"title":"Strict","variants":[{"title":"One","sku":")"
                         + std::string(1001, 's') + R"(","prices":[]}]})",
                       token);
  EXPECT_EQ(s3, http::status::bad_request);
  EXPECT_NE(bodies.back().find(
              "'variants[0].sku' must be at most 1000 bytes long, got 1001"),
            std::string::npos)
    << bodies.back();
  auto [s4, b4] = call(
    verb::post, "/admin/products",
    product(R"("description":")" + std::string(10001, 'd') + R"(",)"), token);
  EXPECT_EQ(s4, http::status::bad_request);
  EXPECT_NE(bodies.back().find("'description' must be at most 10000 bytes"),
            std::string::npos);
  auto [s5, b5]
    = call(verb::post, "/admin/products", product(R"("status":7,)"), token);
  EXPECT_EQ(s5, http::status::bad_request) << "a wrong type is not ''";
  // A description of 10,000 bytes and Medusa's fields souk does not keep.
  auto [s6, created]
    = call(verb::post, "/admin/products",
           product(R"("description":")" + std::string(10000, 'd')
                   + R"(","is_giftcard":false,"tags":[],"metadata":{"a":1},)"),
           token);
  ASSERT_EQ(s6, http::status::ok) << bodies.back();
  std::string id{std::string_view(created["product"]["id"])};
  EXPECT_EQ(std::string_view(created["product"]["description"]).size(), 10000u);
  auto [s7, b7]
    = call(verb::post, "/admin/products/" + id,
           R"({"description":")" + std::string(10001, 'd') + R"("})", token);
  EXPECT_EQ(s7, http::status::bad_request);
  auto [s8, b8] = call(verb::post, "/admin/products/" + id,
                       R"({"title":"A"}{"title":"B"})", token);
  EXPECT_EQ(s8, http::status::bad_request);
  EXPECT_EQ(call(verb::delete_, "/admin/products/" + id, {}, token).first,
            http::status::ok);
}

// Stock follows the order after checkout: a cancelled order gives its
// units back, a fulfilled one takes them out of stock (as Medusa, at
// fulfilment), each once. A durable subscriber does it, just after the
// admin's request returned: the test reads until it sees it.
TEST_F(AdminApi, CancellingAnOrderReleasesItsStockAndFulfillingConsumesIt) {
  auto token = admin();
  auto variant = demo->products[2].second[1]; // no other test here buys it
  auto path = "/admin/inventory-items/" + variant;
  ASSERT_EQ(call(verb::post, path, R"({"stocked_quantity":10})", token).first,
            http::status::ok);
  struct level {
    int64_t stocked = -1, reserved = -1, available = -1;
    bool operator==(const level&) const = default;
  };
  auto read = [&] {
    auto [s, b] = call(verb::get, path, {}, token);
    EXPECT_EQ(s, http::status::ok) << bodies.back();
    auto item = b["inventory_item"];
    return level{int64_t(item["stocked_quantity"]),
                 int64_t(item["reserved_quantity"]),
                 int64_t(item["available_quantity"])};
  };
  auto settles_to = [&](level want) {
    for (int i = 0; i < 500 && !(read() == want); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    return read();
  };
  auto guest = customer("stock@example.com");
  auto first = order_for(guest, variant, 2);
  EXPECT_EQ(read(), (level{10, 2, 8}));
  ASSERT_EQ(
    call(verb::post, "/admin/orders/" + first + "/cancel", "{}", token).first,
    http::status::ok)
    << bodies.back();
  EXPECT_EQ(settles_to({10, 0, 10}), (level{10, 0, 10}))
    << "a cancelled order releases its reservation";

  auto second = order_for(guest, variant, 3);
  EXPECT_EQ(read(), (level{10, 3, 7}));
  ASSERT_EQ(
    call(verb::post, "/admin/orders/" + second + "/capture", "{}", token).first,
    http::status::ok);
  ASSERT_EQ(
    call(verb::post, "/admin/orders/" + second + "/fulfillments", "{}", token)
      .first,
    http::status::ok);
  EXPECT_EQ(settles_to({7, 0, 7}), (level{7, 0, 7}))
    << "a fulfilled order's units leave the stock";
  ASSERT_EQ(call(verb::post, "/admin/orders/" + second + "/ship",
                 R"({"tracking_number":"T9"})", token)
              .first,
            http::status::ok);
  // Shipping takes nothing more: after a later order came and went, the
  // stock is as the fulfilment left it.
  auto third = order_for(guest, variant, 1);
  call(verb::post, "/admin/orders/" + third + "/cancel", "{}", token);
  EXPECT_EQ(settles_to({7, 0, 7}), (level{7, 0, 7}));
  call(verb::post, path, R"({"stocked_quantity":1000})", token);
}

} // namespace
} // namespace souk
