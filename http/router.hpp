#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "http/http_metrics.hpp"
#include "http/http_server.hpp"
#include "http/request.hpp"

namespace souk {

/// Routes requests by method and path pattern ("/store/carts/:id"), runs
/// the middlewares of matching prefixes first, and answers unknown paths
/// 404 and known paths with another method 405, in Medusa's error envelope.
/// Every response carries `x-request-id`; every request gets one access-log
/// line (method, path, status, duration, request id). A handler that throws
/// answers 500 naming the request id and nothing else.
class router {
public:
  void add(http::verb method, std::string pattern, route_handler handler);

  /// A handler that answers at once.
  void add_sync(http::verb method, std::string pattern,
                std::function<http_response(request&)> handler);

  /// Runs `mw` before every route whose path starts with `prefix`, in the
  /// order added.
  void use(std::string prefix, middleware mw);

  /// Origins allowed to call from a browser ("*" for any); answers their
  /// preflight requests and marks their responses.
  void allow_origins(std::vector<std::string> origins);

  /// Counts every answer in `metrics` (which must outlive the router).
  void count_in(http_metrics* metrics) { metrics_ = metrics; }

  /// Entry point for the server.
  void operator()(http_request&& req, responder respond) const;

  /// Every registered (method, pattern), for the API description.
  std::vector<std::pair<http::verb, std::string>> routes() const;

private:
  struct route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    route_handler handler;
  };
  struct layer {
    std::string prefix;
    middleware mw;
  };
  bool allowed(std::string_view origin) const;

  std::vector<route> routes_;
  std::vector<std::string> origins_;
  http_metrics* metrics_ = nullptr;
  std::vector<layer> middlewares_;
};

} // namespace souk
