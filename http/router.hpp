#pragma once

#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "http/access.hpp"
#include "http/http_metrics.hpp"
#include "http/http_server.hpp"
#include "http/request.hpp"

namespace souk {

/// What the API description says of a route: a summary, and the names of
/// the schemas of its body and its answer (Medusa's names, e.g.
/// "StoreAddCartLineItem", "StoreCartResponse"), when it has them; and the
/// largest body it takes, when not the default (an upload:
/// `route_doc{"Attach a file"}.with_max_body(cfg.max_file_bytes)`).
struct route_doc {
  route_doc(const char* summary) : summary(summary) {
    // nop
  }
  route_doc(std::string summary) : summary(std::move(summary)) {
    // nop
  }
  route_doc(std::string summary, std::string request, std::string response)
    : summary(std::move(summary)), request(std::move(request)),
      response(std::move(response)) {
    // nop
  }
  /// Bodies past `bytes` are refused with 413 before the handler runs.
  route_doc& with_max_body(std::uint64_t bytes) {
    max_body = bytes;
    return *this;
  }
  std::string summary;
  std::string request;
  std::string response;
  std::uint64_t max_body = default_body_limit;
};

/// One entry of the route table: what it answers, who may call it, what
/// it does (for the API description).
struct route_info {
  http::verb method;
  /// "/store/carts/:id"
  std::string pattern;
  access rule;
  std::string summary;
  /// Schema names of the body and the answer; empty when not named.
  std::string request_schema;
  std::string response_schema;
  /// The largest body the route takes (413 past it).
  std::uint64_t max_body = default_body_limit;
};

/// Checks a request against its route's access rule (keys, tokens, owners)
/// and calls `done` once, from any thread, with the refusal or nothing.
using access_gate = std::function<void(
  const access& rule, request_ptr req,
  std::function<void(std::optional<http_response> refusal)> done)>;

/// Whether `s` has the shape of an id: 1 to 128 of A-Z a-z 0-9 _ - . :
bool id_shaped(std::string_view s);

/// Routes requests by method and path pattern ("/store/carts/:id") after
/// putting the path in canonical form and checking path and query
/// parameters (valid UTF-8, no control bytes, bounded; path parameters
/// are ids: letters, digits and `_-.:`). Before a handler runs, its route's
/// access rule is checked by the gate; a route open to anyone skips it, any
/// other fails closed without one. Unknown paths are 404, known paths with
/// another method 405, in Medusa's error envelope. Every response carries
/// `x-request-id`; every request gets one access-log line. A handler that
/// throws answers 500 naming the request id and nothing else.
class router {
public:
  void add(http::verb method, std::string pattern, access rule, route_doc doc,
           route_handler handler);

  /// A handler that answers at once.
  void add_sync(http::verb method, std::string pattern, access rule,
                route_doc doc, std::function<http_response(request&)> handler);

  /// The access checks of every route that is not open to anyone.
  void guard_with(access_gate gate) { gate_ = std::move(gate); }

  /// Origins allowed to call from a browser ("*" for any); answers their
  /// preflight requests and marks their responses.
  void allow_origins(std::vector<std::string> origins);

  /// What answers a GET that no route takes, on a path whose first
  /// segment no route starts with (so `/store/nope` keeps its JSON 404):
  /// the web UI's pages and files. Nothing: the 404.
  using fallback_handler = std::function<std::optional<http_response>(
    const request& req, const std::vector<std::string>& segments)>;
  /// One module sets it; a second is a start error, not a silent swap.
  void fallback(fallback_handler f) {
    if (fallback_)
      throw std::logic_error{"the router's fallback (the pages) is declared "
                             "twice"};
    fallback_ = std::move(f);
  }

  /// Counts every answer in `metrics` (which must outlive the router).
  void count_in(http_metrics* metrics) { metrics_ = metrics; }

  /// Entry point for the server.
  void operator()(http_request&& req, responder respond) const;

  /// The body limit of the route a request for `target` (path and query)
  /// with `method` reaches, found as `operator()` finds it;
  /// `default_body_limit` when it reaches none (unknown, non-canonical or
  /// malformed paths) or its route declares none. For the server, before
  /// it reads the body.
  std::uint64_t body_limit(http::verb method, std::string_view target) const;

  /// The route table: the API description and the authorization tests
  /// are made from it.
  std::vector<route_info> routes() const;

private:
  struct route {
    route_info info;
    std::vector<std::string> segments;
    route_handler handler;
  };
  bool allowed(std::string_view origin) const;
  /// The route `method` on the canonical path `parts` reaches, with its
  /// parameters in `params`; nullptr when none does (`path_known`: a route
  /// for another method would).
  const route* find(http::verb method, const std::vector<std::string>& parts,
                    std::map<std::string, std::string>& params,
                    bool& path_known) const;
  void dispatch(const route& r, request_ptr req, responder finish) const;

  std::vector<route> routes_;
  /// Indices into routes_ in the order requests try them: of two routes a
  /// path matches, the one with a literal where the other has a parameter
  /// first (`/store/carts/mine` before `/store/carts/:id`), whatever order
  /// they were declared in.
  std::vector<std::size_t> match_order_;
  std::vector<std::string> origins_;
  http_metrics* metrics_ = nullptr;
  access_gate gate_;
  fallback_handler fallback_;
  /// The literal first segments of the routes ("store", "admin", "ws").
  std::set<std::string, std::less<>> api_roots_;
};

} // namespace souk
