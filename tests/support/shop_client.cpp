#include "tests/support/shop_client.hpp"

namespace souk::test {

using http::verb;

std::string text(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view v;
  return e.get(v) ? std::string{} : std::string{v};
}

shop_client::shop_client(std::uint16_t port, std::string publishable_key)
  : http("127.0.0.1", port) {
  http.set_header("x-publishable-api-key", publishable_key);
}

std::pair<http::status, simdjson::dom::element>
shop_client::call(verb v, const std::string& target, std::string body,
                  std::string content_type) {
  http.set_header("authorization", token.empty() ? "" : "Bearer " + token);
  http.set_header("content-type", content_type);
  last = http.request(v, target, std::move(body));
  bodies.push_back(last.body());
  // A parser per answer: an element read earlier stays valid.
  auto& parser = parsers.emplace_back();
  auto parsed = parser.parse(bodies.back());
  if (parsed.error()) {
    bodies.push_back("{}");
    return {last.result(), parser.parse(bodies.back()).value()};
  }
  return {last.result(), parsed.value()};
}

void shop_client::sign_in(const std::string& actor, const std::string& email,
                          const std::string& password) {
  token.clear();
  auto [s, b]
    = call(verb::post, "/auth/" + actor + "/emailpass",
           R"({"email":")" + email + R"(","password":")" + password + R"("})");
  token = s == http::status::ok ? text(b["token"]) : std::string{};
}

void shop_client::become_customer(const std::string& email) {
  token.clear();
  auto [s, reg]
    = call(verb::post, "/auth/customer/emailpass/register",
           R"({"email":")" + email + R"(","password":"long-enough-pw"})");
  token = text(reg["token"]);
  call(verb::post, "/store/customers", R"({"first_name":"C"})");
  sign_in("customer", email, "long-enough-pw");
}

std::string shop_client::place_order(const std::vector<std::string>& variants,
                                     const std::string& shipping_option_id) {
  auto [s1, cart] = call(verb::post, "/store/carts", "{}");
  auto id = text(cart["cart"]["id"]);
  for (auto& v : variants)
    call(verb::post, "/store/carts/" + id + "/line-items",
         R"({"variant_id":")" + v + R"(","quantity":250})");
  call(verb::post, "/store/carts/" + id + "/shipping-methods",
       R"({"option_id":")" + shipping_option_id + R"("})");
  auto [s4, col] = call(verb::post, "/store/payment-collections",
                        R"({"cart_id":")" + id + R"("})");
  auto pay = text(col["payment_collection"]["id"]);
  call(verb::post, "/store/payment-collections/" + pay + "/payment-sessions",
       R"({"provider_id":"pp_system_default"})");
  auto [s6, done] = call(verb::post, "/store/carts/" + id + "/complete");
  return s6 == http::status::ok ? text(done["order"]["id"]) : std::string{};
}

} // namespace souk::test
