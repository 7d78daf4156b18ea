// Admin API: products (catalog writes go through the catalog entity and are
// answered once the in-memory view, which follows the committed catalog
// events, shows them: the next read sees them).
#include "actors/catalog/catalog_entity.hpp"
#include "actors/catalog/catalog_view.hpp"
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

http_response invalid(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        "Invalid request: " + std::move(message));
}

// Fields of Medusa's product, variant and price bodies that souk accepts
// and does not keep.
void ignore(field_readers& fields, std::initializer_list<const char*> keys) {
  for (auto key : keys)
    fields.emplace(key, ignored());
}

struct price_body {
  std::string currency_code;
  std::optional<std::string> amount; // major units, as JSON wrote it
};

struct variant_body {
  catalog::variant variant;
  std::vector<price_body> prices;
};

field_readers option_fields(catalog::product_option& o) {
  field_readers f{{"title", text(o.title)}, {"values", strings(o.values)}};
  ignore(f, {"metadata"});
  return f;
}

field_readers price_fields(price_body& p) {
  field_readers f{{"currency_code", text(p.currency_code)},
                  {"amount", number_text(p.amount)}};
  ignore(f, {"min_quantity", "max_quantity", "rules"});
  return f;
}

field_readers variant_fields(variant_body& v) {
  field_readers f{{"title", text(v.variant.title)},
                  {"sku", text(v.variant.sku)},
                  {"prices", objects(v.prices, price_fields)},
                  {"options", string_map(v.variant.options)}};
  ignore(f, {"ean", "upc", "barcode", "hs_code", "mid_code", "allow_backorder",
             "manage_inventory", "variant_rank", "weight", "length", "height",
             "width", "origin_country", "material", "inventory_items",
             "metadata"});
  return f;
}

// Medusa's `categories: [{"id": ...}]`: the ids, set when the field is
// there (an empty list takes the product out of every category).
field_reader category_refs(std::optional<std::vector<std::string>>& out) {
  struct ref {
    std::string id;
  };
  return [&out](simdjson::ondemand::value& v, const std::string& path) {
    std::vector<ref> refs;
    auto bad = objects(refs, [](ref& r) {
      return field_readers{{"id", text(r.id)}};
    })(v, path);
    if (bad)
      return bad;
    out.emplace();
    for (auto& r : refs)
      out->push_back(std::move(r.id));
    return bad;
  };
}

// The prices of a body in minor units, or why not.
expected<std::vector<catalog::price>, http_response>
to_prices(const std::vector<price_body>& prices) {
  std::vector<catalog::price> out;
  for (auto& price : prices) {
    if (!price.amount)
      return invalid("prices need a numeric 'amount'");
    auto minor = minor_units(*price.amount, price.currency_code);
    if (!minor)
      return invalid("price " + *price.amount + " " + price.currency_code
                     + " has too many decimals");
    out.push_back({price.currency_code, *minor});
  }
  return out;
}

// The product a POST /admin/products body describes (prices in major
// units, as Medusa's admin API takes them), or the 400.
expected<catalog::product, http_response>
read_product(const std::string& body) {
  catalog::product p;
  std::optional<std::string> status, collection_id;
  std::optional<std::vector<std::string>> categories;
  std::vector<variant_body> variants;
  field_readers fields{
    {"title", text(p.title)},
    {"subtitle", text(p.subtitle)},
    {"description", text(p.description, max_long_text_bytes)},
    {"handle", text(p.handle)},
    {"status", text(status)},
    {"collection_id", text_or_null(collection_id)},
    {"categories", category_refs(categories)},
    {"options", objects(p.options, option_fields)},
    {"variants", objects(variants, variant_fields)}};
  ignore(fields,
         {"is_giftcard", "discountable", "images", "thumbnail", "external_id",
          "type_id", "tags", "sales_channels", "shipping_profile_id", "weight",
          "length", "height", "width", "hs_code", "mid_code", "origin_country",
          "material", "metadata"});
  if (auto bad = read_body(body, fields))
    return error_response(http::status::bad_request, "invalid_data", *bad);
  if (p.title.empty())
    return invalid("Field 'title' is required");
  p.id = make_id("prod");
  if (status && !status->empty())
    p.status = *status;
  p.collection_id = collection_id.value_or("");
  p.category_ids = categories.value_or(std::vector<std::string>{});
  for (auto& o : p.options)
    o.id = make_id("opt");
  for (auto& v : variants) {
    v.variant.id = make_id("variant");
    auto prices = to_prices(v.prices);
    if (!prices)
      return prices.error();
    v.variant.prices = std::move(*prices);
    p.variants.push_back(std::move(v.variant));
  }
  p.created_at = p.updated_at = now_ms();
  return p;
}

http_response product_response(const catalog::catalog_state& s,
                               const catalog::product& p) {
  json_writer w;
  w.begin_object().key("product");
  write_product(w, s, p, nullptr, product_view::admin);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response list_products(services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  json_writer w;
  w.begin_object().key("products").begin_array();
  std::int64_t n = 0;
  for (auto* p : catalog->products_by_creation())
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_product(w, *catalog, *p, nullptr, product_view::admin);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

} // namespace

void add_admin_product_routes(router& r, services& ctx) {
  using http::verb;
  r.add_sync(verb::get, "/admin/products", access::admin(), "List products",
             [&ctx](request& req) { return list_products(ctx, req); });
  r.add_sync(verb::get, "/admin/products/:id", access::admin(), "Get a product",
             [&ctx](request& req) {
               auto catalog = ctx.get<catalog::catalog_view>().get();
               auto* p = catalog->find_product(req.param("id"));
               if (!p)
                 return error_response(http::status::not_found, "not_found",
                                       "Product with id: " + req.param("id")
                                         + " was not found");
               return product_response(*catalog, *p);
             });
  r.add(verb::post, "/admin/products", access::admin(), "Create a product",
        [&ctx](request_ptr req, responder res) {
          auto p = read_product(req->raw.body());
          if (!p)
            return res(p.error());
          auto id = p->id;
          catalog_write(
            ctx,
            catalog::create_product{*p, "user:" + req->who.actor_id, now_ms()},
            res, [id](const catalog::catalog_state& s) {
              return product_response(s, *s.find_product(id));
            });
        });
  r.add(verb::post, "/admin/products/:id", access::admin(), "Update a product",
        [&ctx](request_ptr req, responder res) {
          catalog::update_product u;
          u.product_id = req->param("id");
          auto description = text(u.description, max_long_text_bytes);
          if (auto bad
              = read_body(req->raw.body(),
                          {{"title", text(u.title)},
                           {"subtitle", text(u.subtitle)},
                           {"description", description},
                           {"status", text(u.status)},
                           {"collection_id", text_or_null(u.collection_id)},
                           {"categories", category_refs(u.category_ids)},
                           {"metadata", ignored()}}))
            return res(
              error_response(http::status::bad_request, "invalid_data", *bad));
          u.by = "user:" + req->who.actor_id;
          u.at = now_ms();
          auto id = u.product_id;
          catalog_write(ctx, u, res, [id](const catalog::catalog_state& s) {
            return product_response(s, *s.find_product(id));
          });
        });
  r.add(verb::post, "/admin/products/:id/variants/:variant_id", access::admin(),
        "Update a variant: title, sku, prices (all replaced)",
        [&ctx](request_ptr req, responder res) {
          catalog::variant_update v;
          v.variant_id = req->param("variant_id");
          std::vector<price_body> listed;
          bool has_prices = false; // an empty list clears them
          field_reader prices
            = [&has_prices, read = objects(listed, price_fields)](
                simdjson::ondemand::value& value, const std::string& path) {
                has_prices = true;
                return read(value, path);
              };
          if (auto bad = read_body(req->raw.body(), {{"title", text(v.title)},
                                                     {"sku", text(v.sku)},
                                                     {"prices", prices},
                                                     {"metadata", ignored()}}))
            return res(
              error_response(http::status::bad_request, "invalid_data", *bad));
          if (has_prices) {
            auto minor = to_prices(listed);
            if (!minor)
              return res(minor.error());
            v.prices = std::move(*minor);
          }
          catalog::update_product u;
          u.product_id = req->param("id");
          u.variants.push_back(std::move(v));
          u.by = "user:" + req->who.actor_id;
          u.at = now_ms();
          auto id = u.product_id;
          catalog_write(ctx, u, res, [id](const catalog::catalog_state& s) {
            return product_response(s, *s.find_product(id));
          });
        });
  r.add(verb::delete_, "/admin/products/:id", access::admin(),
        "Delete a product", [&ctx](request_ptr req, responder res) {
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
