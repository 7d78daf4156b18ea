// Store API: what a storefront reads and does (Medusa v2's /store routes).
#include "actors/catalog/catalog_view.hpp"
#include "http/render_cache.hpp"
#include "http/routes.hpp"

#include <algorithm>
#include <charconv>

#include "actors/runtime/json_writer.hpp"
#include "http/catalog_json.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

bool contains_folded(std::string_view text, const std::string& needle) {
  return ascii_lower(text).find(needle) != std::string::npos;
}

// `region_id`, when given, must name a region: it prices the variants.
expected<const catalog::region*, http_response>
pricing_region(const catalog::catalog_state& catalog, const request& req) {
  auto id = req.query_param("region_id");
  if (!id)
    return static_cast<const catalog::region*>(nullptr);
  auto* r = catalog.find_region(*id);
  if (!r)
    return error_response(http::status::bad_request, "invalid_data",
                          "Region with id: " + *id + " was not found");
  return r;
}

// The filters of GET /store/products Medusa's storefront sends.
struct product_filter {
  std::vector<std::string> ids, handles, collection_ids, category_ids;
  std::string q;

  explicit product_filter(const request& req)
    : ids(req.query_values("id")), handles(req.query_values("handle")),
      collection_ids(req.query_values("collection_id")),
      category_ids(req.query_values("category_id")),
      q(ascii_lower(req.query_param("q").value_or(""))) {}

  static bool any_of(const std::vector<std::string>& wanted,
                     const std::string& v) {
    return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
  }

  bool matches(const catalog::product& p) const {
    if (p.status != "published")
      return false;
    if (!ids.empty() && !any_of(ids, p.id))
      return false;
    if (!handles.empty() && !any_of(handles, p.handle))
      return false;
    if (!collection_ids.empty() && !any_of(collection_ids, p.collection_id))
      return false;
    if (!category_ids.empty()
        && std::none_of(p.category_ids.begin(), p.category_ids.end(),
                        [this](auto& c) { return any_of(category_ids, c); }))
      return false;
    return q.empty() || contains_folded(p.title, q)
           || contains_folded(p.description, q) || contains_folded(p.handle, q);
  }
};

// `order`: created_at, title or updated_at, `-` in front for descending.
expected<std::vector<const catalog::product*>, http_response>
ordered(const catalog::catalog_state& catalog, const request& req) {
  auto rows = catalog.products_by_creation();
  auto order = req.query_param("order").value_or("");
  if (order.empty() || order == "created_at")
    return rows;
  bool desc = order.front() == '-';
  auto key = desc ? order.substr(1) : order;
  auto less = [&key](const catalog::product* a, const catalog::product* b) {
    if (key == "title")
      return a->title < b->title;
    if (key == "updated_at")
      return a->updated_at < b->updated_at;
    return a->created_at < b->created_at;
  };
  if (key != "title" && key != "updated_at" && key != "created_at")
    return error_response(http::status::bad_request, "invalid_data",
                          "Invalid request: order must be created_at, "
                          "updated_at or title, with - for descending");
  std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) {
    return desc ? less(b, a) : less(a, b);
  });
  return rows;
}

http_response list_products(services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto region = pricing_region(*catalog, req);
  if (!region)
    return region.error();
  auto rows = ordered(*catalog, req);
  if (!rows)
    return rows.error();
  // Rendered once per catalog version and filters (not `fields`, which
  // the router applies after, nor the order of the parameters).
  product_filter filter{req};
  auto join = [](const std::vector<std::string>& xs) {
    std::string out;
    for (auto& x : xs)
      out += x + ",";
    return out;
  };
  auto key = (*region ? (*region)->id : std::string{}) + "|" + filter.q + "|"
             + join(filter.ids) + "|" + join(filter.handles) + "|"
             + join(filter.collection_ids) + "|" + join(filter.category_ids)
             + "|" + req.query_param("order").value_or("") + "|"
             + std::to_string(page->limit) + "|" + std::to_string(page->offset);
  auto body = ctx.get<render_cache>().get(catalog->version, key, [&] {
    json_writer w;
    w.begin_object().key("products").begin_array();
    std::int64_t n = 0;
    for (auto* p : *rows) {
      if (!filter.matches(*p))
        continue;
      if (n++ >= page->offset && n <= page->offset + page->limit)
        write_product(w, *catalog, *p, *region);
    }
    w.end_array();
    write_page(w, n, *page);
    return w.take();
  });
  return json_response(http::status::ok, std::move(body));
}

http_response get_product(const services& ctx, request& req) {
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto* p = catalog->find_product(req.param("id"));
  if (!p || p->status != "published")
    return error_response(http::status::not_found, "not_found",
                          "Product with id: " + req.param("id")
                            + " was not found");
  auto region = pricing_region(*catalog, req);
  if (!region)
    return region.error();
  json_writer w;
  w.begin_object().key("product");
  write_product(w, *catalog, *p, *region);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response get_variant(const services& ctx, request& req) {
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto [p, v] = catalog->find_variant(req.param("id"));
  if (!v || p->status != "published")
    return error_response(http::status::not_found, "not_found",
                          "Variant with id: " + req.param("id")
                            + " was not found");
  auto region = pricing_region(*catalog, req);
  if (!region)
    return region.error();
  json_writer w;
  w.begin_object().key("variant");
  write_variant(w, *p, *v, *region, product_view::store);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response list_variants(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto region = pricing_region(*catalog, req);
  if (!region)
    return region.error();
  auto ids = req.query_values("id");
  auto products = req.query_values("product_id");
  json_writer w;
  w.begin_object().key("variants").begin_array();
  std::int64_t n = 0;
  for (auto* p : catalog->products_by_creation()) {
    if (p->status != "published"
        || (!products.empty() && !product_filter::any_of(products, p->id)))
      continue;
    for (auto& v : p->variants)
      if ((ids.empty() || product_filter::any_of(ids, v.id))
          && n++ >= page->offset && n <= page->offset + page->limit)
        write_variant(w, *p, v, *region, product_view::store);
  }
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

// The store's one locale: souk keeps its content in one language.
http_response list_locales() {
  return json_response(
    http::status::ok,
    R"j({"locales":[{"code":"en-US","name":"English (United States)"}]})j");
}

// The providers of a region: souk has one, the system's (no real money
// moves), in every region.
http_response list_payment_providers(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto region_id = req.query_param("region_id");
  if (!region_id || region_id->empty())
    return error_response(http::status::bad_request, "invalid_data",
                          "Invalid request: Field 'region_id' is required");
  if (!ctx.get<catalog::catalog_view>().get()->find_region(*region_id))
    return error_response(http::status::not_found, "not_found",
                          "Region with id: " + *region_id + " was not found");
  json_writer w;
  w.begin_object().key("payment_providers").begin_array();
  std::int64_t n = 1;
  if (page->offset == 0 && page->limit > 0)
    w.begin_object()
      .key("id")
      .value("pp_system_default")
      .key("is_enabled")
      .value(true)
      .end_object();
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

} // namespace

http_response list_regions(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  json_writer w;
  w.begin_object().key("regions").begin_array();
  std::int64_t n = 0;
  for (auto& [id, r] : catalog->regions)
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_region(w, r);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

http_response get_region(const services& ctx, request& req) {
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto* r = catalog->find_region(req.param("id"));
  if (!r)
    return error_response(http::status::not_found, "not_found",
                          "Region with id: " + req.param("id")
                            + " was not found");
  json_writer w;
  w.begin_object().key("region");
  write_region(w, *r);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

void add_store_routes(router& r, services& ctx) {
  using http::verb;
  auto store = access::store();
  r.add_sync(verb::get, "/store/regions", store,
             {"List regions", "", "StoreRegionListResponse"},
             [&ctx](request& req) { return list_regions(ctx, req); });
  r.add_sync(verb::get, "/store/regions/:id", store,
             {"Get a region", "", "StoreRegionResponse"},
             [&ctx](request& req) { return get_region(ctx, req); });
  r.add_sync(verb::get, "/store/products", store,
             {"List published products (limit, offset, q, id, handle, "
              "collection_id, category_id, order, region_id)",
              "", "StoreProductListResponse"},
             [&ctx](request& req) { return list_products(ctx, req); });
  r.add_sync(verb::get, "/store/products/:id", store,
             {"Get a published product", "", "StoreProductResponse"},
             [&ctx](request& req) { return get_product(ctx, req); });
  r.add_sync(verb::get, "/store/product-variants", store,
             {"List variants of published products (id, product_id, "
              "region_id)",
              "", "StoreProductVariantListResponse"},
             [&ctx](request& req) { return list_variants(ctx, req); });
  r.add_sync(
    verb::get, "/store/product-variants/:id", store,
    {"Get a variant (region_id prices it)", "", "StoreProductVariantResponse"},
    [&ctx](request& req) { return get_variant(ctx, req); });
  r.add_sync(verb::get, "/store/locales", store,
             {"The store's locales", "", "StoreLocaleListResponse"},
             [](request&) { return list_locales(); });
  r.add_sync(verb::get, "/store/payment-providers", store,
             {"A region's payment providers (region_id)", "",
              "StorePaymentProviderListResponse"},
             [&ctx](request& req) { return list_payment_providers(ctx, req); });
}

} // namespace souk
