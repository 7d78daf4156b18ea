#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/beast.hpp"
#include "http/tokens.hpp"

namespace souk {

/// Who is calling, once the access gate checked it.
struct principal {
  /// "user" (admin), "customer", or empty: anonymous.
  std::string actor_type;
  /// The user's or customer's id; empty for a customer still signing up.
  std::string actor_id;
  /// The e-mail the token was issued for.
  std::string email;
};

/// One request as handlers see it: the raw message plus what routing and
/// the access gate learned about it.
struct request {
  http_request raw;
  std::string path;
  std::string query;
  /// The matched route's pattern ("/store/carts/:id"), for metrics.
  std::string route;
  /// Values of the route's ":name" segments.
  std::map<std::string, std::string> params;
  /// Echoed as `x-request-id` on the response and in every log line.
  std::string id;
  principal who;
  /// The bearer token's claims when the access gate verified one.
  std::optional<token_claims> token;
  /// The id of the resource the route's rule checked the caller owns: the
  /// one a handler acts on.
  std::string resource_id;
  /// Set by the access gate on store routes: the publishable key's.
  std::string sales_channel_id;
  std::chrono::steady_clock::time_point received;

  /// The header's value, or "" when absent.
  std::string_view header(std::string_view name) const;
  /// A query parameter, percent-decoded; nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
  /// Every value of a list parameter, in order, however the client wrote
  /// it: `id=a&id=b`, `id[]=a` or `id[0]=a` (qs, which js-sdk uses).
  std::vector<std::string> query_values(std::string_view name) const;
  const std::string& param(const std::string& name) const;
};

using request_ptr = std::shared_ptr<request>;

/// `s` with %XX decoded, and '+' as a space when `plus_is_space` (query
/// strings; not paths); nothing when an escape is bad.
std::optional<std::string> decode_percent(std::string_view s,
                                          bool plus_is_space);

/// `s` with A-Z lowered (e-mails, search terms).
std::string ascii_lower(std::string_view s);

/// Who a request acts as, for the `by` of events: "customer:cus_…",
/// "user:user_…", or "anonymous".
std::string actor_of(const request& req);

/// Sends the answer to a request: call it once, from any thread.
using responder = std::function<void(http_response)>;

/// Answers a request, now or later (after asking an actor). Runs on an I/O
/// thread: it must not block.
using route_handler = std::function<void(request_ptr, responder)>;

} // namespace souk
