#include "http/openapi.hpp"

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

std::string lower_method(verb v) {
  std::string m{to_std(http::to_string(v))};
  for (auto& c : m)
    c = static_cast<char>(c - 'A' + 'a');
  return m;
}

} // namespace

const std::vector<api_operation>& api_operations() {
  static const std::vector<api_operation> ops{
    {verb::get, "/health", "Liveness", "ops"},
    {verb::get, "/health/ready", "Readiness: database reachable, migrated",
     "ops"},
    {verb::get, "/metrics", "Prometheus metrics", "ops"},
    {verb::get, "/openapi.json", "This document", "ops"},
    {verb::post, "/auth/user/emailpass", "Admin sign-in: {token}", "auth"},
    {verb::post, "/auth/customer/emailpass", "Customer sign-in: {token}",
     "auth"},
    {verb::post, "/auth/customer/emailpass/register",
     "Customer sign-up: a registration {token}", "auth"},
    {verb::post, "/auth/token/refresh", "A fresh {token}", "auth"},
    {verb::get, "/store/regions", "List regions", "store"},
    {verb::get, "/store/regions/:id", "Get a region", "store"},
    {verb::get, "/store/products",
     "List published products (limit, offset, q, region_id)", "store"},
    {verb::get, "/store/products/:id", "Get a published product", "store"},
    {verb::post, "/store/carts", "Create a cart", "store"},
    {verb::get, "/store/carts/:id", "Get a cart", "store"},
    {verb::post, "/store/carts/:id", "Update a cart's e-mail and addresses",
     "store"},
    {verb::post, "/store/carts/:id/line-items", "Add a line item", "store"},
    {verb::post, "/store/carts/:id/line-items/:line_id",
     "Change a line's quantity", "store"},
    {verb::delete_, "/store/carts/:id/line-items/:line_id", "Remove a line",
     "store"},
    {verb::get, "/store/shipping-options",
     "Shipping options for a cart (cart_id)", "store"},
    {verb::post, "/store/carts/:id/shipping-methods",
     "Choose a shipping option", "store"},
    {verb::post, "/store/payment-collections",
     "Create a cart's payment collection", "store"},
    {verb::post, "/store/payment-collections/:id/payment-sessions",
     "Open a payment session (pp_system_default)", "store"},
    {verb::post, "/store/carts/:id/complete", "Check out: {type: order, order}",
     "store"},
    {verb::get, "/store/orders", "The signed-in customer's orders", "store"},
    {verb::get, "/store/orders/:id", "Get an order", "store"},
    {verb::post, "/store/customers", "Create the signed-up customer's profile",
     "store"},
    {verb::get, "/store/customers/me", "The signed-in customer", "store"},
    {verb::post, "/store/customers/me", "Update the signed-in customer",
     "store"},
    {verb::get, "/store/customers/me/addresses", "List my addresses", "store"},
    {verb::post, "/store/customers/me/addresses", "Add an address", "store"},
    {verb::get, "/store/customers/me/addresses/:address_id",
     "Get one of my addresses", "store"},
    {verb::post, "/store/customers/me/addresses/:address_id",
     "Update one of my addresses", "store"},
    {verb::delete_, "/store/customers/me/addresses/:address_id",
     "Delete one of my addresses", "store"},
    {verb::get, "/admin/orders",
     "List orders (status, customer_id, created_after, created_before)",
     "admin"},
    {verb::get, "/admin/orders/:id", "Get an order", "admin"},
    {verb::post, "/admin/orders/:id/capture", "Capture the payment", "admin"},
    {verb::post, "/admin/orders/:id/refund", "Refund an amount", "admin"},
    {verb::post, "/admin/orders/:id/fulfillments", "Fulfil the order", "admin"},
    {verb::post, "/admin/orders/:id/ship", "Mark shipped (tracking_number)",
     "admin"},
    {verb::post, "/admin/orders/:id/deliver", "Mark delivered", "admin"},
    {verb::post, "/admin/orders/:id/complete", "Complete the order", "admin"},
    {verb::post, "/admin/orders/:id/cancel", "Cancel before fulfilment",
     "admin"},
    {verb::get, "/admin/products", "List products", "admin"},
    {verb::post, "/admin/products", "Create a product", "admin"},
    {verb::get, "/admin/products/:id", "Get a product", "admin"},
    {verb::post, "/admin/products/:id", "Update a product", "admin"},
    {verb::delete_, "/admin/products/:id", "Delete a product", "admin"},
    {verb::get, "/admin/regions", "List regions", "admin"},
    {verb::post, "/admin/regions",
     "Create a region (name, currency_code, countries, tax_rate %)", "admin"},
    {verb::get, "/admin/regions/:id", "Get a region", "admin"},
    {verb::post, "/admin/regions/:id", "Update a region", "admin"},
    {verb::delete_, "/admin/regions/:id",
     "Delete a region and its shipping options", "admin"},
    {verb::get, "/admin/shipping-options",
     "List flat-rate shipping options (region_id)", "admin"},
    {verb::post, "/admin/shipping-options",
     "Create a flat-rate shipping option (name, region_id, amount)", "admin"},
    {verb::get, "/admin/shipping-options/:id", "Get a shipping option",
     "admin"},
    {verb::post, "/admin/shipping-options/:id",
     "Update a shipping option (name, amount)", "admin"},
    {verb::delete_, "/admin/shipping-options/:id", "Delete a shipping option",
     "admin"},
    {verb::get, "/admin/inventory-items/:id",
     "Stock of a variant (the item id is the variant id)", "admin"},
    {verb::post, "/admin/inventory-items/:id",
     "Set the stocked quantity of a variant", "admin"},
    {verb::get, "/admin/workflows/executions", "List workflow executions",
     "admin"},
    {verb::get, "/admin/workflows/executions/:id", "Get a workflow execution",
     "admin"},
  };
  return ops;
}

std::string openapi_json() {
  // Operations by OpenAPI path, in table order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const api_operation*>> by_path;
  for (auto& op : api_operations()) {
    auto path = openapi_path(op.path).first;
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
  w.end_object().end_object().end_object();
  w.key("paths").begin_object();
  for (auto& path : order) {
    w.key(path).begin_object();
    for (auto* op : by_path[path]) {
      w.key(lower_method(op->method)).begin_object();
      w.key("summary").value(op->summary);
      w.key("tags").begin_array().value(op->tag).end_array();
      auto params = openapi_path(op->path).second;
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
      if (op->tag == "store" || op->tag == "admin") {
        w.key("security").begin_array().begin_object();
        w.key(op->tag == "store" ? "publishable_key" : "bearer");
        w.begin_array().end_array().end_object().end_array();
      }
      w.key("responses").begin_object();
      w.key("200").begin_object().key("description").value("OK").end_object();
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
