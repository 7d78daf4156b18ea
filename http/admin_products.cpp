// Admin API: products (catalog writes go through the catalog entity and are
// published to the in-memory view before the answer: the next read sees
// them).
#include <simdjson.h>

#include "actors/catalog/catalog_entity.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/catalog_json.hpp"
#include "http/catalog_write.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

using dom = simdjson::dom::element;

http_response invalid(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        "Invalid request: " + std::move(message));
}

std::string text_of(dom e, const char* key) {
  std::string_view v;
  if (e[key].get(v))
    return {};
  return std::string{v};
}

// The product a POST /admin/products body describes (prices in major
// units, as Medusa's admin API takes them), or the 400.
expected<catalog::product, http_response>
read_product(const std::string& body) {
  simdjson::dom::parser parser;
  dom doc;
  if (parser.parse(body).get(doc) || !doc.is_object())
    return invalid("the body must be a JSON object");
  catalog::product p;
  p.id = make_id("prod");
  p.title = text_of(doc, "title");
  p.subtitle = text_of(doc, "subtitle");
  p.description = text_of(doc, "description");
  p.handle = text_of(doc, "handle");
  if (auto status = text_of(doc, "status"); !status.empty())
    p.status = status;
  if (p.title.empty())
    return invalid("Field 'title' is required");
  simdjson::dom::array options;
  if (!doc["options"].get(options))
    for (dom o : options) {
      catalog::product_option opt{make_id("opt"), text_of(o, "title"), {}};
      simdjson::dom::array values;
      if (!o["values"].get(values))
        for (dom v : values)
          if (v.is_string())
            opt.values.emplace_back(std::string_view(v));
      p.options.push_back(std::move(opt));
    }
  simdjson::dom::array variants;
  if (!doc["variants"].get(variants))
    for (dom v : variants) {
      catalog::variant var{make_id("variant"),
                           text_of(v, "title"),
                           text_of(v, "sku"),
                           {},
                           {},
                           true};
      simdjson::dom::array prices;
      if (!v["prices"].get(prices))
        for (dom pr : prices) {
          auto currency = text_of(pr, "currency_code");
          dom amount;
          if (pr["amount"].get(amount) || !amount.is_number())
            return invalid("prices need a numeric 'amount'");
          auto minor = minor_units(simdjson::minify(amount), currency);
          if (!minor)
            return invalid("price " + simdjson::minify(amount) + " " + currency
                           + " has too many decimals");
          var.prices.push_back({currency, *minor});
        }
      simdjson::dom::object chosen;
      if (!v["options"].get(chosen))
        for (auto [title, value] : chosen)
          if (value.is_string())
            var.options[std::string{title}]
              = std::string{std::string_view(value)};
      p.variants.push_back(std::move(var));
    }
  p.created_at = p.updated_at = now_ms();
  return p;
}

http_response product_response(const catalog::product& p) {
  json_writer w;
  w.begin_object().key("product");
  write_product(w, p, nullptr);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response list_products(app_context& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.catalog_view.get();
  json_writer w;
  w.begin_object().key("products").begin_array();
  std::int64_t n = 0;
  for (auto* p : catalog->products_by_creation())
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_product(w, *p, nullptr);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

} // namespace

void add_admin_product_routes(router& r, app_context& ctx) {
  using http::verb;
  r.add_sync(verb::get, "/admin/products", access::admin(), "List products",
             [&ctx](request& req) { return list_products(ctx, req); });
  r.add_sync(verb::get, "/admin/products/:id", access::admin(), "Get a product", [&ctx](request& req) {
    auto* p = ctx.catalog_view.get()->find_product(req.param("id"));
    if (!p)
      return error_response(http::status::not_found, "not_found",
                            "Product with id: " + req.param("id")
                              + " was not found");
    return product_response(*p);
  });
  r.add(verb::post, "/admin/products", access::admin(), "Create a product", [&ctx](request_ptr req, responder res) {
    auto p = read_product(req->raw.body());
    if (!p)
      return res(p.error());
    auto id = p->id;
    catalog_write(
      ctx, catalog::create_product{*p, "user:" + req->who.actor_id, now_ms()},
      res, [id](const catalog::catalog_state& s) {
        return product_response(*s.find_product(id));
      });
  });
  r.add(verb::post, "/admin/products/:id", access::admin(), "Update a product", [&ctx](request_ptr req, responder res) {
      catalog::update_product u;
      u.product_id = req->param("id");
      if (auto bad
          = read_body(req->raw.body(), {{"title", text(u.title)},
                                        {"subtitle", text(u.subtitle)},
                                        {"description", text(u.description)},
                                        {"status", text(u.status)},
                                        {"metadata", ignored()}}))
        return res(
          error_response(http::status::bad_request, "invalid_data", *bad));
      u.by = "user:" + req->who.actor_id;
      u.at = now_ms();
      auto id = u.product_id;
      catalog_write(ctx, u, res, [id](const catalog::catalog_state& s) {
        return product_response(*s.find_product(id));
      });
    });
  r.add(verb::delete_, "/admin/products/:id", access::admin(), "Delete a product",
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(
            ctx,
            catalog::delete_product{id, "user:" + req->who.actor_id, now_ms()},
            res, [id](const catalog::catalog_state&) {
              return deleted_response(id, "product");
            });
        });
}

} // namespace souk
