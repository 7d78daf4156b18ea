#include "http/router.hpp"
#include "http/field_selection.hpp"

#include <algorithm>
#include <cctype>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "actors/runtime/uuid.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

constexpr std::size_t max_path_bytes = 2048;
constexpr std::size_t max_query_bytes = 8192;
constexpr std::size_t max_query_value_bytes = 1024;
constexpr std::size_t max_id_bytes = 128;

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        std::move(message));
}

// Text a handler may pass on to the database, a log or a response.
bool clean_text(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f)
      return false;
  return simdjson::validate_utf8(s.data(), s.size());
}

} // namespace

bool id_shaped(std::string_view s) {
  if (s.empty() || s.size() > max_id_bytes)
    return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'
          || c == ':'))
      return false;
  return true;
}

namespace {

std::optional<http_response> check_query(std::string_view q) {
  if (q.size() > max_query_bytes)
    return bad_request("The query string is too long");
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    for (auto part : {pair.substr(0, pair.find('=')),
                      pair.find('=') == std::string_view::npos
                        ? std::string_view{}
                        : pair.substr(pair.find('=') + 1)}) {
      auto decoded = decode_percent(part, true);
      if (!decoded || !clean_text(*decoded)
          || decoded->size() > max_query_value_bytes)
        return bad_request("A query parameter is not valid: it must be "
                           "UTF-8 text of at most 1024 bytes, %-encoded");
    }
    if (amp == std::string_view::npos)
      break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::vector<std::string> split_pattern(std::string_view pattern) {
  std::vector<std::string> out;
  for (size_t i = 1; i <= pattern.size();) {
    auto j = pattern.find('/', i);
    if (j == std::string_view::npos)
      j = pattern.size();
    out.emplace_back(pattern.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool match(const std::vector<std::string>& pattern,
           const std::vector<std::string>& path,
           std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size())
    return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i][0] == ':')
      params[pattern[i].substr(1)] = path[i];
    else if (pattern[i] != path[i])
      return false;
  }
  return true;
}

// The request path in canonical form, as decoded segments: a path with an
// empty, "." or ".." segment (`//admin`, `/./admin`) is 404; one with an
// encoded "/", a control byte, invalid UTF-8 or a bad %-escape is 400.
// Routing sees only this form, so a path has one meaning.
expected<std::vector<std::string>, http_response>
canonical_segments(std::string_view path) {
  auto not_found = [path] {
    return error_response(http::status::not_found, "not_found",
                          "Route " + std::string{path} + " not found");
  };
  if (path.size() > max_path_bytes)
    return error_response(http::status::uri_too_long, "invalid_data",
                          "The path is too long");
  if (path.empty() || path[0] != '/')
    return bad_request("The path must start with /");
  if (!clean_text(path))
    return bad_request("The path is not valid: it must be %-encoded UTF-8");
  std::vector<std::string> out;
  if (path == "/")
    return out;
  for (size_t i = 1; i <= path.size();) {
    auto j = path.find('/', i);
    if (j == std::string_view::npos)
      j = path.size();
    auto decoded = decode_percent(path.substr(i, j - i), false);
    if (!decoded || !clean_text(*decoded))
      return bad_request("The path is not valid: a segment has a bad "
                         "%-escape, a control byte or invalid UTF-8");
    if (decoded->find('/') != std::string::npos
        || decoded->find('\\') != std::string::npos)
      return bad_request("The path is not valid: a segment has an encoded / "
                         "or \\");
    if (decoded->empty() || *decoded == "." || *decoded == "..")
      return not_found(); // `//admin`, `/./admin`, `/store/../admin`
    out.push_back(std::move(*decoded));
    i = j + 1;
  }
  return out;
}

} // namespace

std::string to_string(const access& a) {
  switch (a.who) {
  case audience::anyone:
    return "anyone";
  case audience::operators:
    return "operators";
  case audience::store:
    return a.resource.empty() ? "store" : "owner-of(" + a.resource + ")";
  case audience::registered_customer:
    return "registered-customer";
  case audience::customer:
    return a.resource.empty() ? "customer"
                              : "customer-owner-of(" + a.resource + ")";
  case audience::token_holder:
    return "token-holder";
  case audience::admin:
    return "admin";
  }
  return "unknown";
}

void router::add(http::verb method, std::string pattern, access rule,
                 route_doc doc, route_handler handler) {
  for (auto* name : {&doc.request, &doc.response})
    for (char c : *name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.'
          && c != '-')
        throw std::logic_error{"route " + pattern + ": schema name '" + *name
                               + "' is not of A-Z a-z 0-9 . _ -"};
  auto segments = split_pattern(pattern);
  // Two routes that match the same requests: the first would win in
  // silence (a module could shadow another's access rule).
  auto same_shape = [&segments](const std::vector<std::string>& other) {
    if (other.size() != segments.size())
      return false;
    for (std::size_t i = 0; i < other.size(); ++i) {
      bool a = !other[i].empty() && other[i][0] == ':';
      bool b = !segments[i].empty() && segments[i][0] == ':';
      if (a != b || (!a && other[i] != segments[i]))
        return false;
    }
    return true;
  };
  for (auto& r : routes_)
    if (r.info.method == method && same_shape(r.segments))
      throw std::logic_error{"route " + std::string{http::to_string(method)}
                             + " " + pattern + " is declared twice (as "
                             + r.info.pattern + ")"};
  routes_.push_back(
    {{method, std::move(pattern), std::move(rule), std::move(doc.summary),
      std::move(doc.request), std::move(doc.response), doc.max_body},
     std::move(segments),
     std::move(handler)});
  auto shape = [this](std::size_t i) {
    std::vector<bool> params;
    for (auto& seg : routes_[i].segments)
      params.push_back(!seg.empty() && seg[0] == ':');
    return std::pair{routes_[i].segments.size(), params};
  };
  if (!routes_.back().segments.empty()
      && !routes_.back().segments[0].starts_with(':'))
    api_roots_.insert(routes_.back().segments[0]);
  match_order_.push_back(routes_.size() - 1);
  std::stable_sort(
    match_order_.begin(), match_order_.end(),
    [&shape](std::size_t a, std::size_t b) { return shape(a) < shape(b); });
}

void router::add_sync(http::verb method, std::string pattern, access rule,
                      route_doc doc,
                      std::function<http_response(request&)> handler) {
  add(method, std::move(pattern), std::move(rule), std::move(doc),
      [handler = std::move(handler)](request_ptr req, responder respond) {
        respond(handler(*req));
      });
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

void router::dispatch(const route& r, request_ptr req, responder finish) const {
  auto run = [&r, req, finish] {
    try {
      r.handler(req, finish);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed ({}): {}",
                    std::string{to_std(req->raw.method_string())}, req->path,
                    req->id, e.what());
      finish(
        error_response(http::status::internal_server_error, "unknown_error",
                       "An unknown error occurred (request " + req->id + ")."));
    }
  };
  if (r.info.rule.who == audience::anyone)
    return run();
  if (!gate_) // fail closed
    return finish(unauthorized_response());
  gate_(r.info.rule, req, [run, finish](std::optional<http_response> refusal) {
    if (refusal)
      return finish(std::move(*refusal));
    run();
  });
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
      auto vary = std::string{to_std(res[http::field::vary])};
      res.set(http::field::vary, vary.empty() ? "Origin" : vary + ", Origin");
    }
    // API answers are data, never a page, and never for a shared cache
    // (a guest cart holds an address); the UI's files set their own.
    if (res.find(http::field::cache_control) == res.end())
      res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    auto ms = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - req->received)
                .count();
    if (metrics)
      metrics->observe(req->route.empty() ? "unmatched" : req->route,
                       res.result_int(), ms / 1000);
    spdlog::info("http {} {} {} {:.2f}ms {}",
                 std::string{to_std(req->raw.method_string())},
                 clean_text(req->path) ? req->path : "(not UTF-8)",
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
  auto parts = canonical_segments(req->path);
  if (!parts && fallback_ && req->raw.method() == http::verb::get
      && req->path.size() > 1 && req->path.back() == '/') {
    // "/app/": a page's address with a trailing slash (never an API's).
    auto trimmed = canonical_segments(
      std::string_view{req->path}.substr(0, req->path.size() - 1));
    if (trimmed && !trimmed->empty() && !api_roots_.contains((*trimmed)[0]))
      if (auto page = fallback_(*req, *trimmed)) {
        req->route = "web";
        return finish(std::move(*page));
      }
  }
  if (!parts)
    return finish(std::move(parts.error()));
  if (auto bad = check_query(req->query))
    return finish(std::move(*bad));
  bool path_known = false;
  std::map<std::string, std::string> params;
  if (auto* r = find(req->raw.method(), *parts, params, path_known)) {
    for (auto& [name, value] : params)
      if (!id_shaped(value))
        return finish(
          bad_request("Path parameter '" + name + "' is not a valid id"));
    req->params = std::move(params);
    req->route = r->info.pattern;
    if (auto fields = req->query_param("fields");
        fields && r->info.rule.who != audience::anyone
        && r->info.rule.who != audience::operators) {
      auto selection = parse_fields(*fields);
      if (!selection)
        return finish(bad_request(selection.error()));
      if (selection->changes_answer())
        return dispatch(*r, req,
                        [finish, s = std::move(*selection)](http_response res) {
                          if (res.result_int() / 100 == 2) {
                            res.body() = project(res.body(), s);
                            res.prepare_payload();
                          }
                          finish(std::move(res));
                        });
    }
    return dispatch(*r, req, finish);
  }
  if (fallback_ && !path_known && req->raw.method() == http::verb::get
      && (parts->empty() || !api_roots_.contains((*parts)[0]))) {
    if (auto page = fallback_(*req, *parts)) {
      req->route = "web";
      return finish(std::move(*page));
    }
  }
  auto method = std::string{to_std(req->raw.method_string())};
  if (path_known)
    return finish(
      error_response(http::status::method_not_allowed, "not_allowed",
                     "Method " + method + " is not allowed on " + req->path));
  finish(error_response(http::status::not_found, "not_found",
                        "Route " + method + " " + req->path + " not found"));
}

const router::route* router::find(http::verb method,
                                  const std::vector<std::string>& parts,
                                  std::map<std::string, std::string>& params,
                                  bool& path_known) const {
  for (auto i : match_order_) {
    auto& r = routes_[i];
    params.clear();
    if (!match(r.segments, parts, params))
      continue;
    if (r.info.method == method)
      return &r;
    path_known = true;
  }
  params.clear();
  return nullptr;
}

std::uint64_t router::body_limit(http::verb method,
                                 std::string_view target) const {
  // The steps of operator() up to the handler: what it refuses reaches no
  // route, so gets no larger limit.
  auto q = target.find('?');
  auto parts = canonical_segments(target.substr(0, q));
  if (!parts
      || (q != std::string_view::npos && check_query(target.substr(q + 1))))
    return default_body_limit;
  std::map<std::string, std::string> params;
  bool path_known = false;
  auto* r = find(method, *parts, params, path_known);
  if (!r)
    return default_body_limit;
  for (auto& [name, value] : params)
    if (!id_shaped(value))
      return default_body_limit;
  return r->info.max_body;
}

std::vector<route_info> router::routes() const {
  std::vector<route_info> out;
  for (auto& r : routes_)
    out.push_back(r.info);
  return out;
}

} // namespace souk
