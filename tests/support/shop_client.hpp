#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "tests/support/http_client.hpp"

namespace souk::test {

/// One caller of a souk on loopback (an admin, a customer, nobody): its
/// token, the bodies it read and their parsers (kept, so every element
/// read stays valid) and
/// the shop steps the tests repeat.
struct shop_client {
  shop_client(std::uint16_t port, std::string publishable_key);

  /// Sends a request with this caller's token; the status and the parsed
  /// body (`{}` when it is not JSON).
  std::pair<http::status, simdjson::dom::element>
  call(http::verb v, const std::string& target, std::string body = {},
       std::string content_type = "application/json");

  /// Signs in as `actor` ("user", "customer") and keeps the token.
  void sign_in(const std::string& actor, const std::string& email,
               const std::string& password);
  /// Signs up a customer with a profile and signs in as them.
  void become_customer(const std::string& email);
  /// A completed checkout of 250 of each of `variants`; the order's id.
  std::string place_order(const std::vector<std::string>& variants,
                          const std::string& shipping_option_id);

  http_client http;
  std::string token;
  http_response last;
  std::deque<simdjson::dom::parser> parsers;
  std::deque<std::string> bodies;
};

/// The string at `e` ("" when it is not one, or not there).
std::string text(simdjson::simdjson_result<simdjson::dom::element> e);

} // namespace souk::test
