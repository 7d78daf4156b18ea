// The one table from error codes to HTTP, code by code, and the answers
// built from it.
#include "http/entity_call.hpp"

#include <map>

#include <gtest/gtest.h>

#include <simdjson.h>

namespace souk {
namespace {

struct answer {
  http::status status;
  std::string type;
  std::string message;
};

answer of(const http_response& res) {
  simdjson::dom::parser parser;
  auto doc = parser.parse(res.body());
  return {res.result(), std::string{std::string_view(doc["type"])},
          std::string{std::string_view(doc["message"])}};
}

TEST(ErrorTable, EveryCodeOfEveryLayerHasItsStatusAndType) {
  using s = http::status;
  std::map<std::string, std::pair<s, std::string>> expected{
    {"domain.illegal_transition", {s::conflict, "not_allowed"}},
    {"domain.invalid_argument", {s::bad_request, "invalid_data"}},
    {"domain.not_found", {s::not_found, "not_found"}},
    {"domain.already_exists", {s::conflict, "duplicate_error"}},
    {"domain.payment_refused", {s::bad_request, "payment_authorization_error"}},
    {"domain.stale_version", {s::conflict, "conflict"}},
    {"store.version_conflict", {s::conflict, "conflict"}},
    {"store.unavailable", {s::service_unavailable, "unexpected_state"}},
    {"store.outcome_unknown", {s::internal_server_error, "unknown_error"}},
    {"store.overloaded", {s::service_unavailable, "unexpected_state"}},
    {"store.invalid_argument", {s::internal_server_error, "unknown_error"}},
    {"store.decode_failed", {s::internal_server_error, "unknown_error"}},
    {"store.failure", {s::internal_server_error, "unknown_error"}},
    {"runtime.overloaded", {s::service_unavailable, "unexpected_state"}},
    {"runtime.unavailable", {s::service_unavailable, "unexpected_state"}},
    {"runtime.internal", {s::internal_server_error, "unknown_error"}},
    {"runtime.invalid_data", {s::bad_request, "invalid_data"}},
  };
  auto all = all_error_codes();
  EXPECT_EQ(all.size(), expected.size()) << "a code without a row here";
  for (auto& code : all) {
    auto name = qualified_name(code);
    auto row = expected.find(name);
    ASSERT_NE(row, expected.end()) << name << " is not in this test's table";
    auto mapped = http_error_of(code);
    EXPECT_EQ(mapped.status, row->second.first) << name;
    EXPECT_EQ(mapped.type, row->second.second) << name;
  }
}

TEST(ErrorTable, ARetriableServiceFailureIs503AndAClientErrorStaysItself) {
  EXPECT_EQ(http_error_of(runtime_errc::internal, true).status,
            http::status::service_unavailable);
  EXPECT_EQ(http_error_of(store_errc::failure, true).type, "unexpected_state");
  EXPECT_EQ(http_error_of(store_errc::version_conflict, true).status,
            http::status::conflict);
  EXPECT_EQ(http_error_of(domain_errc::not_found, true).status,
            http::status::not_found);
}

TEST(ErrorResponse, AClientErrorSaysItsMessageAndTheRoutesNotFoundWords) {
  auto refused = of(entity_error_response(
    {domain_errc::illegal_transition, "The cart is already completed"},
    "Cart with id 'cart_1' not found"));
  EXPECT_EQ(refused.status, http::status::conflict);
  EXPECT_EQ(refused.type, "not_allowed");
  EXPECT_EQ(refused.message, "The cart is already completed")
    << "the route's words are for not_found only";
  auto missing
    = of(entity_error_response({domain_errc::not_found, "Cart not found"},
                               "Cart with id 'cart_1' not found"));
  EXPECT_EQ(missing.status, http::status::not_found);
  EXPECT_EQ(missing.type, "not_found");
  EXPECT_EQ(missing.message, "Cart with id 'cart_1' not found");
  auto line = of(entity_error_response(
    {domain_errc::not_found, "Line item with id: li_9 was not found"}));
  EXPECT_EQ(line.message, "Line item with id: li_9 was not found");
}

TEST(ErrorResponse, AServiceFailureSaysToRetryOrNothingAtAll) {
  auto busy = of(
    entity_error_response({runtime_errc::overloaded,
                           "too many commands waiting; retry later", true}));
  EXPECT_EQ(busy.status, http::status::service_unavailable);
  EXPECT_EQ(busy.message, "too many commands waiting; retry later; retry");
  auto broken = of(entity_error_response(
    {store_errc::decode_failed, "event 7 of cart-1: bad payload"},
    "Cart with id 'cart_1' not found"));
  EXPECT_EQ(broken.status, http::status::internal_server_error);
  EXPECT_EQ(broken.type, "unknown_error");
  EXPECT_EQ(broken.message, "An unknown error occurred.")
    << "store details stay in the log";
}

} // namespace
} // namespace souk
