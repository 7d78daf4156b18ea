#include "http/entity_call.hpp"

#include <spdlog/spdlog.h>

namespace souk {

namespace {

constexpr http_error busy{http::status::service_unavailable,
                          "unexpected_state"};
constexpr http_error broken{http::status::internal_server_error,
                            "unknown_error"};

http_error of(domain_errc code) {
  switch (code) {
  case domain_errc::not_found:
    return {http::status::not_found, "not_found"};
  case domain_errc::invalid_argument:
    return {http::status::bad_request, "invalid_data"};
  case domain_errc::illegal_transition:
    return {http::status::conflict, "not_allowed"};
  case domain_errc::already_exists:
    return {http::status::conflict, "duplicate_error"};
  case domain_errc::payment_refused:
    return {http::status::bad_request, "payment_authorization_error"};
  case domain_errc::stale_version:
    return {http::status::conflict, "conflict"};
  }
  return broken;
}

http_error of(store_errc code) {
  switch (code) {
  case store_errc::version_conflict:
    return {http::status::conflict, "conflict"};
  case store_errc::unavailable:
  case store_errc::overloaded:
    return busy;
  case store_errc::outcome_unknown:
  case store_errc::invalid_argument: // souk's request, not the client's
  case store_errc::decode_failed:
  case store_errc::failure:
    return broken;
  }
  return broken;
}

http_error of(runtime_errc code) {
  switch (code) {
  case runtime_errc::overloaded:
  case runtime_errc::unavailable:
    return busy;
  case runtime_errc::internal:
    return broken;
  case runtime_errc::invalid_data:
    return {http::status::bad_request, "invalid_data"};
  }
  return broken;
}

} // namespace

http_error http_error_of(const error_code& code, bool retriable) {
  auto out = std::visit([](auto c) { return of(c); }, code.value());
  if (retriable && out.status == broken.status)
    return busy;
  return out;
}

http_response busy_response(const std::string& why) {
  return error_response(http::status::service_unavailable, "unexpected_state",
                        "The service is busy (" + why + "); retry");
}

http_response entity_error_response(const entity_error& e,
                                    std::string_view not_found_message) {
  if (e.code == runtime_errc::unavailable) // no answer in time
    return busy_response(e.message);
  auto [status, type] = http_error_of(e.code, e.retriable);
  if (status == busy.status)
    return error_response(status, type, e.message + "; retry");
  if (status == broken.status) {
    // Ours, not the caller's: the cause goes to the log, never to them.
    spdlog::error("answered 500: {}", e.message);
    return error_response(status, type, "An unknown error occurred.");
  }
  if (e.code == domain_errc::not_found && !not_found_message.empty())
    return error_response(status, type, not_found_message);
  return error_response(status, type, e.message);
}

} // namespace souk
