// Carts over real HTTP on a real PostgreSQL: Medusa's store cart flow up to
// the payment session, its validation errors, and concurrent adds.
#include "http/server_app.hpp"

#include <atomic>
#include <deque>
#include <thread>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;

class CartApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    config cfg;
    cfg.http.threads = 4;
    start_souk(cfg);
  }

  CartApi() : client("127.0.0.1", app->port()) {
    client.set_header("x-publishable-api-key", demo->publishable_key);
  }

  simdjson::dom::element call(verb v, const std::string& target,
                              std::string body = {},
                              http::status expect = http::status::ok) {
    auto res = client.request(v, target, std::move(body));
    EXPECT_EQ(res.result(), expect) << target << ": " << res.body();
    bodies.push_back(res.body());
    return parser.parse(bodies.back());
  }

  std::string new_cart() {
    auto body = call(verb::post, "/store/carts",
                     R"({"region_id":")" + demo->region_id
                       + R"(","email":"ada@example.com","shipping_address":)"
                         R"({"first_name":"Ada","last_name":"Lovelace",)"
                         R"("address_1":"Main St 1","city":"Berlin",)"
                         R"("postal_code":"10115","country_code":"DE"}})");
    return std::string{std::string_view(body["cart"]["id"])};
  }

  std::string variant(size_t product, size_t v) const {
    return demo->products[product].second[v];
  }

  test::http_client client;
  simdjson::dom::parser parser;
  std::deque<std::string> bodies;
};

TEST_F(CartApi, ACartGoesFromCreationToAPaymentSessionWithTotalsOnTheWay) {
  auto id = new_cart();
  EXPECT_EQ(id.rfind("cart_", 0), 0u);
  auto added
    = call(verb::post, "/store/carts/" + id + "/line-items",
           R"({"variant_id":")" + variant(0, 1) + R"(","quantity":3})");
  auto cart = added["cart"];
  EXPECT_EQ(std::string_view(cart["currency_code"]), "eur");
  EXPECT_EQ(std::string_view(cart["shipping_address"]["country_code"]), "de");
  EXPECT_EQ(int64_t(cart["items"].at(0)["quantity"]), 3);
  EXPECT_EQ(double(cart["items"].at(0)["unit_price"]), 1.5);
  EXPECT_EQ(double(cart["item_subtotal"]), 4.5);
  EXPECT_EQ(double(cart["tax_total"]), 0.86); // 19 % of 4.50, half up
  auto options = call(verb::get, "/store/shipping-options?cart_id=" + id);
  auto option = options["shipping_options"].at(0);
  EXPECT_EQ(std::string_view(option["id"]), demo->shipping_option_id);
  EXPECT_EQ(double(option["amount"]), 4.95);
  auto shipped = call(verb::post, "/store/carts/" + id + "/shipping-methods",
                      R"({"option_id":")" + demo->shipping_option_id + R"("})");
  cart = shipped["cart"];
  EXPECT_EQ(double(cart["shipping_subtotal"]), 4.95);
  EXPECT_EQ(double(cart["subtotal"]), 9.45);
  EXPECT_EQ(double(cart["tax_total"]), 1.80); // 0.855→0.86 + 0.9405→0.94
  EXPECT_EQ(double(cart["total"]), 11.25);
  auto collection = call(verb::post, "/store/payment-collections",
                         R"({"cart_id":")" + id + R"("})");
  std::string pay_col{std::string_view(collection["payment_collection"]["id"])};
  EXPECT_EQ(pay_col.rfind("pay_col_", 0), 0u);
  auto session = call(
    verb::post, "/store/payment-collections/" + pay_col + "/payment-sessions",
    R"({"provider_id":"pp_system_default"})");
  auto s = session["payment_collection"]["payment_sessions"].at(0);
  EXPECT_EQ(std::string_view(s["provider_id"]), "pp_system_default");
  EXPECT_EQ(double(s["amount"]), 11.25);
  auto again = call(verb::get, "/store/carts/" + id);
  EXPECT_EQ(double(again["cart"]["total"]), 11.25);
}

TEST_F(CartApi, LinesChangeAndGo) {
  auto id = new_cart();
  auto added
    = call(verb::post, "/store/carts/" + id + "/line-items",
           R"({"variant_id":")" + variant(1, 0) + R"(","quantity":1})");
  std::string line{std::string_view(added["cart"]["items"].at(0)["id"])};
  auto changed = call(verb::post, "/store/carts/" + id + "/line-items/" + line,
                      R"({"quantity":4})");
  EXPECT_EQ(int64_t(changed["cart"]["items"].at(0)["quantity"]), 4);
  auto gone = call(verb::delete_, "/store/carts/" + id + "/line-items/" + line);
  EXPECT_EQ(bool(gone["deleted"]), true);
  EXPECT_EQ(simdjson::dom::array(gone["parent"]["items"]).size(), 0u);
  call(verb::delete_, "/store/carts/" + id + "/line-items/" + line, {},
       http::status::not_found);
}

// The cart exists (its owner got past the access rule): a 404 names the
// line that does not, not the cart.
TEST_F(CartApi, AnUnknownLineIsNotFoundNamingTheLine) {
  auto id = new_cart();
  auto changed = call(verb::post, "/store/carts/" + id + "/line-items/cali_x",
                      R"({"quantity":4})", http::status::not_found);
  EXPECT_EQ(std::string_view(changed["type"]), "not_found");
  EXPECT_EQ(std::string_view(changed["message"]),
            "Line item with id: cali_x was not found");
  auto gone = call(verb::delete_, "/store/carts/" + id + "/line-items/cali_x",
                   {}, http::status::not_found);
  EXPECT_EQ(std::string_view(gone["message"]),
            "Line item with id: cali_x was not found");
}

TEST_F(CartApi, FiftyConcurrentAddsToOneCartAllLand) {
  auto id = new_cart();
  std::vector<std::thread> shoppers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 50; ++i)
    shoppers.emplace_back([&, i] {
      test::http_client c{"127.0.0.1", app->port()};
      c.set_header("x-publishable-api-key", demo->publishable_key);
      auto res = c.request(verb::post, "/store/carts/" + id + "/line-items",
                           R"({"variant_id":")" + variant(i % 3 == 0 ? 0 : 2, 0)
                             + R"(","quantity":1})");
      ok += res.result() == http::status::ok;
    });
  for (auto& t : shoppers)
    t.join();
  EXPECT_EQ(ok, 50);
  auto cart = call(verb::get, "/store/carts/" + id)["cart"];
  int64_t units = 0;
  for (auto item : simdjson::dom::array(cart["items"]))
    units += int64_t(item["quantity"]);
  EXPECT_EQ(units, 50) << "none lost";
  EXPECT_EQ(simdjson::dom::array(cart["items"]).size(), 2u);
}

TEST_F(CartApi, BadInputGetsMedusasEnvelopeAndTheRightStatus) {
  auto id = new_cart();
  auto lines = "/store/carts/" + id + "/line-items";
  auto typed
    = call(verb::post, "/store/carts", R"({"region_id":123,"bogus":true})",
           http::status::bad_request);
  EXPECT_EQ(std::string_view(typed["type"]), "invalid_data");
  EXPECT_EQ(std::string_view(typed["message"]),
            "Invalid request: Expected type: 'string' for field 'region_id', "
            "got: '123'; Unrecognized fields: 'bogus'");
  call(verb::post, lines, "{not json", http::status::bad_request);
  call(verb::post, lines, "[1,2]", http::status::bad_request);
  auto unknown = call(verb::post, lines,
                      R"({"variant_id":"variant_doesnotexist","quantity":1})",
                      http::status::bad_request);
  EXPECT_EQ(std::string_view(unknown["message"]),
            "Variants variant_doesnotexist do not exist or belong to a "
            "product that is not published");
  call(verb::post, lines,
       R"({"variant_id":")" + variant(0, 0) + R"(","quantity":-2})",
       http::status::bad_request);
  call(verb::post, lines,
       R"({"variant_id":")" + variant(0, 0)
         + R"(","quantity":99999999999999999999})",
       http::status::bad_request);
  call(verb::post, lines,
       R"({"variant_id":")" + variant(0, 0) + R"(","quantity":"1"})",
       http::status::bad_request);
  call(verb::post, lines, "{\"variant_id\":\"\xff\xfe\",\"quantity\":1}",
       http::status::bad_request);
  auto missing = call(verb::get, "/store/carts/cart_doesnotexist", {},
                      http::status::not_found);
  EXPECT_EQ(std::string_view(missing["message"]),
            "Cart with id 'cart_doesnotexist' not found");
  call(verb::post, "/store/carts", R"({"region_id":"reg_nope"})",
       http::status::bad_request);
  call(verb::post, "/store/carts", R"({"email":"not an email"})",
       http::status::bad_request);
  // The server still serves.
  EXPECT_EQ(client.request(verb::get, "/health").result(), http::status::ok);
}

TEST_F(CartApi, ABodyWithAnythingAfterItsObjectIsABadRequest) {
  auto id = new_cart();
  for (std::string body :
       {R"({"email":"bea@example.com"} x)",
        R"({"email":"bea@example.com"}{"email":"cy@example.com"})"}) {
    auto bad
      = call(verb::post, "/store/carts/" + id, body, http::status::bad_request);
    EXPECT_EQ(std::string_view(bad["type"]), "invalid_data");
    EXPECT_EQ(std::string_view(bad["message"]),
              "Invalid request: the body must be one JSON object and nothing "
              "after it");
  }
  auto cart = call(verb::get, "/store/carts/" + id);
  EXPECT_EQ(std::string_view(cart["cart"]["email"]), "ada@example.com")
    << "neither body changed the cart";
}

TEST_F(CartApi, AnEmailWithANulCharacterIsABadRequestNotAServerError) {
  auto created
    = call(verb::post, "/store/carts", R"({"email":"ada\u0000@example.com"})",
           http::status::bad_request);
  EXPECT_EQ(std::string_view(created["message"]),
            "Invalid request: Field 'email' must not contain the NUL "
            "character (U+0000)");
  auto id = new_cart();
  call(verb::post, "/store/carts/" + id, R"({"email":"\u0000"})",
       http::status::bad_request);
  call(verb::post, "/store/carts/" + id,
       R"({"shipping_address":{"city":"Ber\u0000lin"}})",
       http::status::bad_request);
  auto cart = call(verb::get, "/store/carts/" + id);
  EXPECT_EQ(std::string_view(cart["cart"]["email"]), "ada@example.com");
}

TEST_F(CartApi, AnOverlongFieldIsABadRequestNamingTheFieldAndTheLimit) {
  auto id = new_cart();
  auto address = call(verb::post, "/store/carts/" + id,
                      R"({"shipping_address":{"address_1":")"
                        + std::string(1001, 'a') + R"("}})",
                      http::status::bad_request);
  EXPECT_EQ(std::string_view(address["message"]),
            "Invalid request: Field 'shipping_address.address_1' must be at "
            "most 1000 bytes long, got 1001");
  auto email = call(verb::post, "/store/carts/" + id,
                    R"({"email":")" + std::string(250, 'a') + R"(@b.de"})",
                    http::status::bad_request);
  EXPECT_EQ(std::string_view(email["message"]),
            "Invalid request: Field 'email' must be at most 254 bytes long, "
            "got 255");
  // At the limit is fine.
  auto kept = call(verb::post, "/store/carts/" + id,
                   R"({"shipping_address":{"address_1":")"
                     + std::string(1000, 'a') + R"("}})");
  EXPECT_EQ(std::string_view(kept["cart"]["shipping_address"]["address_1"]),
            std::string(1000, 'a'));
}

TEST_F(CartApi, AnErrorMessageEchoingABodyIsValidUtf8Json) {
  // The message repeats 40 bytes of the unknown key; byte 40 is inside
  // an "ä".
  auto key = std::string(39, 'k') + "\xC3\xA4";
  auto res = client.request(verb::post, "/store/carts", "{\"" + key + "\":1}");
  EXPECT_EQ(res.result(), http::status::bad_request);
  auto& body = res.body();
  EXPECT_TRUE(simdjson::validate_utf8(body.data(), body.size())) << body;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(body).get(doc)) << body;
  EXPECT_EQ(std::string_view(doc["message"]),
            "Invalid request: Unrecognized fields: '" + std::string(39, 'k')
              + "...'");
}

} // namespace
} // namespace souk
