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

http_response list_products(services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto region = pricing_region(*catalog, req);
  if (!region)
    return region.error();
  auto q = ascii_lower(req.query_param("q").value_or(""));
  auto key = (*region ? (*region)->id : std::string{}) + "|" + q + "|"
             + std::to_string(page->limit) + "|" + std::to_string(page->offset);
  auto body = ctx.get<render_cache>().get(catalog->version, key, [&] {
    json_writer w;
    w.begin_object().key("products").begin_array();
    std::int64_t n = 0;
    for (auto* product : catalog->products_by_creation()) {
      auto& p = *product;
      if (p.status != "published")
        continue;
      if (!q.empty() && !contains_folded(p.title, q)
          && !contains_folded(p.description, q)
          && !contains_folded(p.handle, q))
        continue;
      if (n++ >= page->offset && n <= page->offset + page->limit)
        write_product(w, p, *region);
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
  write_product(w, *p, *region);
  w.end_object();
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
             {"List published products (limit, offset, q, region_id)", "",
              "StoreProductListResponse"},
             [&ctx](request& req) { return list_products(ctx, req); });
  r.add_sync(verb::get, "/store/products/:id", store,
             {"Get a published product", "", "StoreProductResponse"},
             [&ctx](request& req) { return get_product(ctx, req); });
}

} // namespace souk
