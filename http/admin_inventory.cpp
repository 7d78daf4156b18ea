// Admin API: stock per variant. souk keeps one inventory item per variant
// (its id is the variant id) at one location; the item's actor serialises
// stock changes with the reservations of checkouts.
#include "actors/catalog/catalog_view.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/units.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

http_response item_response(const catalog::variant& v,
                            const inventory::stock_level& s) {
  json_writer w;
  w.begin_object().key("inventory_item").begin_object();
  w.key("id").value(v.id).key("variant_id").value(v.id);
  w.key("sku").value(v.sku).key("title").value(v.title);
  w.key("stocked_quantity").value(s.stocked);
  w.key("reserved_quantity").value(s.reserved);
  w.key("available_quantity").value(s.available());
  w.end_object().end_object();
  return json_response(http::status::ok, w.take());
}

// The variant behind an inventory item id, or the 404.
expected<catalog::variant, http_response> variant_of(services& ctx,
                                                     const std::string& id) {
  auto [product, variant]
    = ctx.get<catalog::catalog_view>().get()->find_variant(id);
  if (!variant)
    return error_response(http::status::not_found, "not_found",
                          "Inventory item with id: " + id + " was not found");
  return *variant;
}

void stock_call(services& ctx, const catalog::variant& v,
                inventory::inventory_command cmd, responder respond) {
  ctx.entities<inventory::inventory_domain>().ask(
    v.id, std::move(cmd),
    [v, respond](entity_reply<inventory::inventory_domain> r) {
      if (!r)
        return respond(entity_error_response(r.error()));
      respond(item_response(v, *r));
    });
}

} // namespace

void add_admin_inventory_routes(router& r, services& ctx) {
  using http::verb;
  r.add(verb::get, "/admin/inventory-items/:id", access::admin(),
        "Stock of a variant (the item id is the variant id)",
        [&ctx](request_ptr req, responder res) {
          auto v = variant_of(ctx, req->param("id"));
          if (!v)
            return res(v.error());
          stock_call(ctx, *v, inventory::get_stock{}, res);
        });
  r.add(verb::post, "/admin/inventory-items/:id", access::admin(),
        "Set the stocked quantity of a variant",
        [&ctx](request_ptr req, responder res) {
          std::optional<std::int64_t> stocked;
          if (auto bad = read_body(req->raw.body(),
                                   {{"stocked_quantity", integer(stocked)},
                                    {"metadata", ignored()}}))
            return res(
              error_response(http::status::bad_request, "invalid_data", *bad));
          if (!stocked || *stocked < 0)
            return res(error_response(
              http::status::bad_request, "invalid_data",
              "Invalid request: stocked_quantity must be a whole number >= 0"));
          auto v = variant_of(ctx, req->param("id"));
          if (!v)
            return res(v.error());
          stock_call(ctx, *v,
                     inventory::set_stock{*stocked, actor_of(*req), now_ms()},
                     res);
        });
}

} // namespace souk
