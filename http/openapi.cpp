#include "http/openapi.hpp"

#include <set>

#include <map>

#include "actors/runtime/json_writer.hpp"

namespace souk {

namespace {

using http::verb;

// "/store/carts/:id" → "/store/carts/{id}", and its parameter names.
std::pair<std::string, std::vector<std::string>>
openapi_path(const std::string& path) {
  std::string out;
  std::vector<std::string> params;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == ':' && i > 0 && path[i - 1] == '/') {
      auto end = path.find('/', i);
      auto name = path.substr(i + 1, end - i - 1);
      params.push_back(name);
      out += "{" + name + "}";
      i = end == std::string::npos ? path.size() : end - 1;
      continue;
    }
    out += path[i];
  }
  return {out, params};
}

std::string tag_of(const std::string& pattern) {
  for (std::string tag : {"store", "admin", "auth"})
    if (pattern.rfind("/" + tag + "/", 0) == 0)
      return tag;
  return "ops";
}

// The credentials an operation wants, all of them together.
void write_security(json_writer& w, const access& rule) {
  std::vector<std::string> schemes;
  switch (rule.who) {
  case audience::anyone:
    return;
  case audience::operators:
  case audience::token_holder:
  case audience::admin:
    schemes = {"bearer"};
    break;
  case audience::store:
    schemes = {"publishable_key"};
    break;
  case audience::registered_customer:
  case audience::customer:
    schemes = {"publishable_key", "bearer"};
    break;
  }
  w.key("security").begin_array().begin_object();
  for (auto& s : schemes)
    w.key(s).begin_array().end_array();
  w.end_object().end_array();
}

std::string lower_method(verb v) {
  std::string m{to_std(http::to_string(v))};
  for (auto& c : m)
    c = static_cast<char>(c - 'A' + 'a');
  return m;
}

} // namespace

std::string openapi_json(const std::vector<route_info>& routes) {
  // Operations by OpenAPI path, in table order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const route_info*>> by_path;
  for (auto& op : routes) {
    auto path = openapi_path(op.pattern).first;
    if (by_path[path].empty())
      order.push_back(path);
    by_path[path].push_back(&op);
  }
  json_writer w;
  w.begin_object().key("openapi").value("3.0.3");
  w.key("info").begin_object().key("title").value("souk");
  w.key("version").value("0.1.0");
  w.key("description").value("Medusa v2-compatible Store, Auth and Admin API");
  w.end_object();
  w.key("components").begin_object().key("securitySchemes").begin_object();
  w.key("publishable_key").begin_object().key("type").value("apiKey");
  w.key("in").value("header").key("name").value("x-publishable-api-key");
  w.end_object();
  w.key("bearer").begin_object().key("type").value("http");
  w.key("scheme").value("bearer").key("bearerFormat").value("JWT");
  w.end_object().end_object();
  // The schemas routes name: Medusa's, by name (their fields are in
  // Medusa's API reference and ../shared/medusa-api).
  std::set<std::string> schemas;
  for (auto& op : routes)
    for (auto* name : {&op.request_schema, &op.response_schema})
      if (!name->empty())
        schemas.insert(*name);
  w.key("schemas").begin_object();
  for (auto& name : schemas)
    w.key(name).begin_object().key("type").value("object").end_object();
  w.end_object().end_object();
  w.key("paths").begin_object();
  for (auto& path : order) {
    w.key(path).begin_object();
    for (auto* op : by_path[path]) {
      w.key(lower_method(op->method)).begin_object();
      w.key("summary").value(op->summary);
      w.key("tags").begin_array().value(tag_of(op->pattern)).end_array();
      w.key("x-souk-access").value(to_string(op->rule));
      auto params = openapi_path(op->pattern).second;
      w.key("parameters").begin_array();
      for (auto& p : params)
        w.begin_object()
          .key("name")
          .value(p)
          .key("in")
          .value("path")
          .key("required")
          .value(true)
          .key("schema")
          .begin_object()
          .key("type")
          .value("string")
          .end_object()
          .end_object();
      w.end_array();
      write_security(w, op->rule);
      auto json_of = [&w](const std::string& schema) {
        w.key("content").begin_object().key("application/json").begin_object();
        w.key("schema").begin_object().key("$ref").value("#/components/schemas/"
                                                         + schema);
        w.end_object().end_object().end_object();
      };
      if (!op->request_schema.empty()) {
        // An empty body counts as {} (json_body.hpp).
        w.key("requestBody").begin_object().key("required").value(false);
        json_of(op->request_schema);
        w.end_object();
      }
      w.key("responses").begin_object();
      w.key("200").begin_object().key("description").value("OK");
      if (!op->response_schema.empty())
        json_of(op->response_schema);
      w.end_object();
      w.key("4XX")
        .begin_object()
        .key("description")
        .value(
          "{type, message}: invalid_data, not_found, not_allowed, unauthorized")
        .end_object();
      w.end_object();
      w.end_object();
    }
    w.end_object();
  }
  w.end_object().end_object();
  return w.take();
}

} // namespace souk
