#include "http/router.hpp"

#include "http/response.hpp"

namespace souk {

void router::add(http::verb method, std::string path, request_handler handler) {
  routes_.push_back({method, std::move(path), std::move(handler)});
}

http_response router::operator()(const http_request& req) const {
  auto target = to_std(req.target());
  auto path = target.substr(0, target.find('?'));
  bool path_known = false;
  for (auto& r : routes_) {
    if (r.path != path)
      continue;
    if (r.method == req.method())
      return r.handler(req);
    path_known = true;
  }
  if (path_known)
    return error_response(http::status::method_not_allowed, "not_allowed",
                          "Method " + std::string{to_std(req.method_string())}
                            + " is not allowed on " + std::string{path});
  return error_response(http::status::not_found, "not_found",
                        "Route " + std::string{to_std(req.method_string())}
                          + " " + std::string{path} + " not found");
}

std::vector<std::pair<http::verb, std::string>> router::routes() const {
  std::vector<std::pair<http::verb, std::string>> out;
  for (auto& r : routes_)
    out.emplace_back(r.method, r.path);
  return out;
}

} // namespace souk
