#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "actors/runtime/uuid.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    out.emplace_back(path.substr(i, j - i));
    if (j == std::string_view::npos)
      break;
    i = j;
  }
  return out;
}

bool match(const std::vector<std::string>& pattern,
           const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size())
    return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!pattern[i].empty() && pattern[i][0] == ':') {
      if (path[i].empty())
        return false;
      params[pattern[i].substr(1)] = percent_decode(path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

bool under(std::string_view path, std::string_view prefix) {
  return path.rfind(prefix, 0) == 0
         && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

} // namespace

void router::add(http::verb method, std::string pattern,
                 route_handler handler) {
  auto segments = split(pattern);
  routes_.push_back(
    {method, std::move(pattern), std::move(segments), std::move(handler)});
}

void router::add_sync(http::verb method, std::string pattern,
                      std::function<http_response(request&)> handler) {
  add(method, std::move(pattern),
      [handler = std::move(handler)](request_ptr req, responder respond) {
        respond(handler(*req));
      });
}

void router::use(std::string prefix, middleware mw) {
  middlewares_.push_back({std::move(prefix), std::move(mw)});
}

void router::allow_origins(std::vector<std::string> origins) {
  origins_ = std::move(origins);
}

bool router::allowed(std::string_view origin) const {
  for (auto& o : origins_)
    if (o == "*" || o == origin)
      return true;
  return false;
}

void router::operator()(http_request&& raw, responder respond) const {
  auto req = std::make_shared<request>();
  req->received = std::chrono::steady_clock::now();
  req->raw = std::move(raw);
  auto target = to_std(req->raw.target());
  auto q = target.find('?');
  req->path = std::string{target.substr(0, q)};
  if (q != std::string_view::npos)
    req->query = std::string{target.substr(q + 1)};
  req->id = "req_" + make_uuid_v7();
  auto origin = std::string{req->header("origin")};
  bool cors = !origin.empty() && allowed(origin);
  // Stamp and log every answer, whoever gives it.
  auto finish = [req, cors, origin, metrics = metrics_,
                 respond = std::move(respond)](http_response res) {
    res.set("x-request-id", req->id);
    if (cors) {
      res.set(http::field::access_control_allow_origin, origin);
      res.set(http::field::access_control_allow_credentials, "true");
      res.set(http::field::vary, "Origin");
    }
    auto ms = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - req->received)
                .count();
    if (metrics)
      metrics->observe(req->route.empty() ? "unmatched" : req->route,
                       res.result_int(), ms / 1000);
    spdlog::info("http {} {} {} {:.2f}ms {}",
                 std::string{to_std(req->raw.method_string())}, req->path,
                 res.result_int(), ms, req->id);
    respond(std::move(res));
  };
  if (cors && req->raw.method() == http::verb::options) { // a preflight
    http_response res{http::status::no_content, 11};
    res.set(http::field::access_control_allow_methods,
            "GET, POST, DELETE, OPTIONS");
    res.set(http::field::access_control_allow_headers,
            "authorization, content-type, x-publishable-api-key");
    res.set(http::field::access_control_max_age, "600");
    return finish(std::move(res));
  }
  auto parts = split(req->path);
  bool path_known = false;
  for (auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match(r.segments, parts, params))
      continue;
    if (r.method != req->raw.method()) {
      path_known = true;
      continue;
    }
    req->params = std::move(params);
    req->route = r.pattern;
    try {
      for (auto& l : middlewares_)
        if (under(req->path, l.prefix))
          if (auto stop = l.mw(*req))
            return finish(std::move(*stop));
      r.handler(req, finish);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed ({}): {}",
                    std::string{to_std(req->raw.method_string())}, req->path,
                    req->id, e.what());
      finish(
        error_response(http::status::internal_server_error, "unknown_error",
                       "An unknown error occurred (request " + req->id + ")."));
    }
    return;
  }
  auto method = std::string{to_std(req->raw.method_string())};
  if (path_known)
    return finish(
      error_response(http::status::method_not_allowed, "not_allowed",
                     "Method " + method + " is not allowed on " + req->path));
  finish(error_response(http::status::not_found, "not_found",
                        "Route " + method + " " + req->path + " not found"));
}

std::vector<std::pair<http::verb, std::string>> router::routes() const {
  std::vector<std::pair<http::verb, std::string>> out;
  for (auto& r : routes_)
    out.emplace_back(r.method, r.pattern);
  return out;
}

} // namespace souk
