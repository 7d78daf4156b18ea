#include "http/entity_call.hpp"

namespace souk {

http_response busy_response(const std::string& why) {
  return error_response(http::status::service_unavailable, "unexpected_state",
                        "The service is busy (" + why + "); retry");
}

http_response entity_error_response(const entity_error& e) {
  auto& c = e.code;
  if (c == "not_found")
    return error_response(http::status::not_found, "not_found", e.message);
  if (c == "invalid_argument")
    return error_response(http::status::bad_request, "invalid_data", e.message);
  if (c == "illegal_transition")
    return error_response(http::status::conflict, "not_allowed", e.message);
  if (c == "already_exists")
    return error_response(http::status::conflict, "duplicate_error", e.message);
  if (c == "version_conflict")
    return error_response(http::status::conflict, "conflict", e.message);
  if (e.retriable)
    return error_response(http::status::service_unavailable, "unexpected_state",
                          e.message + "; retry");
  return error_response(http::status::internal_server_error, "unknown_error",
                        "An unknown error occurred.");
}

} // namespace souk
