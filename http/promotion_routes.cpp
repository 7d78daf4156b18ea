// Promotions: the admin's /admin/promotions (codes live in the catalog,
// written through the catalog entity) and a cart's codes
// (/store/carts/:id/promotions; `promo_codes` on POST /store/carts/:id
// replaces them all).
#include <ctime>

#include "actors/cart/cart_entity.hpp"
#include "actors/catalog/catalog_view.hpp"
#include "actors/promotion/promotion_usage.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/cart_json.hpp"
#include "http/catalog_write.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/ownership.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

using catalog::catalog_state;

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        std::move(message));
}

// "2026-12-24T00:00:00Z" or with milliseconds → Unix ms (UTC).
std::optional<std::int64_t> parse_time(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  char tail[4] = {};
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%1s",
                      &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                      &tm.tm_min, &tm.tm_sec, &ms, tail);
  if (n != 8 || tail[0] != 'Z') {
    ms = 0;
    n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%1s", &tm.tm_year,
                    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec, tail);
    if (n != 7 || tail[0] != 'Z')
      return std::nullopt;
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31
      || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

// Medusa's `{attribute, operator, values}` rule, as souk reads it.
struct rule_body {
  std::string attribute;
  std::string op;
  std::vector<std::string> values;
};

field_readers rule_fields(rule_body& r) {
  return {{"attribute", text(r.attribute)},
          {"operator", text(r.op)},
          {"values", strings(r.values)},
          {"description", ignored()}};
}

// The promotion a create or update body describes, or the 400. Medusa's
// shape: application_method {type, target_type, allocation, value,
// currency_code, target_rules: items.product.id in [...]}, rules:
// region_id / currency_code, campaign {budget {type: usage, limit},
// starts_at, ends_at}; souk also takes usage_limit, starts_at and ends_at
// at the top.
expected<catalog::promotion, http_response> read_promotion(const request& req) {
  catalog::promotion p;
  std::optional<std::string> type, status, method, target, allocation, currency;
  std::optional<std::string> value, starts, ends, budget_type, c_starts, c_ends;
  std::optional<std::int64_t> limit, budget_limit;
  std::optional<bool> automatic;
  std::vector<rule_body> rules, target_rules;
  field_readers method_fields{
    {"type", text(method)},
    {"target_type", text(target)},
    {"allocation", text(allocation)},
    {"value", number_text(value)},
    {"currency_code", text(currency)},
    {"target_rules", objects(target_rules, rule_fields)},
    {"max_quantity", ignored()},
    {"apply_to_quantity", ignored()},
    {"buy_rules_min_quantity", ignored()},
    {"buy_rules", ignored()}};
  field_readers budget{{"type", text(budget_type)},
                       {"limit", integer(budget_limit)},
                       {"currency_code", ignored()}};
  field_readers campaign{
    {"budget", object(budget)},         {"starts_at", text_or_null(c_starts)},
    {"ends_at", text_or_null(c_ends)},  {"name", ignored()},
    {"campaign_identifier", ignored()}, {"description", ignored()}};
  if (auto bad = read_body(req.raw.body(),
                           {{"code", text(p.code)},
                            {"type", text(type)},
                            {"status", text(status)},
                            {"is_automatic", boolean(automatic)},
                            {"application_method", object(method_fields)},
                            {"rules", objects(rules, rule_fields)},
                            {"campaign", object(campaign)},
                            {"campaign_id", ignored()},
                            {"usage_limit", integer(limit)},
                            {"starts_at", text_or_null(starts)},
                            {"ends_at", text_or_null(ends)},
                            {"is_tax_inclusive", ignored()},
                            {"metadata", ignored()}}))
    return bad_request(*bad);
  if (p.code.empty())
    return bad_request("Invalid request: Field 'code' is required");
  if (type && *type != "standard")
    return bad_request("Invalid request: souk's promotions are of type "
                       "standard (buy-get is not supported)");
  if (automatic && *automatic)
    return bad_request("Invalid request: souk's promotions are codes; "
                       "is_automatic must be false");
  if (!method || !value)
    return bad_request("Invalid request: application_method needs a type "
                       "and a value");
  p.status = status.value_or("active");
  p.method = *method;
  p.target = target.value_or("order");
  p.allocation = allocation.value_or("across");
  p.currency_code = ascii_lower(currency.value_or(""));
  // A percentage in percent (two decimals), a fixed amount in major units.
  auto v = p.method == "percentage" ? scaled_decimal(*value, 2)
                                    : minor_units(*value, p.currency_code);
  if (!v)
    return bad_request("Invalid request: application_method.value " + *value
                       + " has too many decimals");
  p.value = *v;
  for (auto& r : target_rules) {
    if (r.attribute != "items.product.id" && r.attribute != "product_id")
      return bad_request("Invalid request: target rules name products "
                         "(items.product.id), not "
                         + r.attribute);
    p.product_ids.insert(p.product_ids.end(), r.values.begin(), r.values.end());
  }
  for (auto& r : rules) {
    if (r.attribute == "region_id")
      p.region_ids.insert(p.region_ids.end(), r.values.begin(), r.values.end());
    else if (r.attribute == "currency_code" && r.values.size() == 1)
      p.currency_code = ascii_lower(r.values[0]);
    else
      return bad_request("Invalid request: rules are region_id in [...] or "
                         "currency_code eq one currency, not "
                         + r.attribute);
  }
  if (budget_type && *budget_type != "usage")
    return bad_request("Invalid request: a campaign budget counts uses "
                       "(type usage)");
  p.usage_limit = limit.value_or(budget_limit.value_or(0));
  for (auto [text, out] : {std::pair{starts ? starts : c_starts, &p.starts_at},
                           std::pair{ends ? ends : c_ends, &p.ends_at}}) {
    if (!text || text->empty())
      continue;
    auto t = parse_time(*text);
    if (!t)
      return bad_request("Invalid request: " + *text
                         + " is not a UTC time such as 2026-12-24T00:00:00Z");
    *out = *t;
  }
  return p;
}

// The admin's view: the store's, its rules, dates and limit, and the uses
// taken when known (`used` < 0: not asked).
void write_admin_promotion(json_writer& w, const catalog::promotion& p,
                           std::int64_t used = -1) {
  write_store_promotion_fields(w.begin_object(), p);
  w.key("rules").begin_array();
  if (!p.region_ids.empty()) {
    w.begin_object().key("attribute").value("region_id");
    w.key("operator").value("in").key("values").begin_array();
    for (auto& r : p.region_ids)
      w.value(r);
    w.end_array().end_object();
  }
  w.end_array();
  w.key("target_rules").begin_array();
  if (!p.product_ids.empty()) {
    w.begin_object().key("attribute").value("items.product.id");
    w.key("operator").value("in").key("values").begin_array();
    for (auto& id : p.product_ids)
      w.value(id);
    w.end_array().end_object();
  }
  w.end_array();
  w.key("starts_at");
  p.starts_at ? w.value(iso_time(p.starts_at)) : w.null();
  w.key("ends_at");
  p.ends_at ? w.value(iso_time(p.ends_at)) : w.null();
  w.key("usage_limit").value(p.usage_limit);
  if (used >= 0)
    w.key("used").value(used);
  w.key("created_at").value(iso_time(p.created_at));
  w.key("updated_at").value(iso_time(p.updated_at));
  w.end_object();
}

http_response promotion_response(const catalog::promotion& p,
                                 std::int64_t used = -1) {
  json_writer w;
  w.begin_object().key("promotion");
  write_admin_promotion(w, p, used);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response promotion_404(const std::string& id) {
  return error_response(http::status::not_found, "not_found",
                        "Promotion with id: " + id + " was not found");
}

http_response list_promotions(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto code = req.query_param("code");
  json_writer w;
  w.begin_object().key("promotions").begin_array();
  std::int64_t n = 0;
  for (auto& [id, p] : catalog->promotions)
    if ((!code || ascii_lower(*code) == ascii_lower(p.code))
        && n++ >= page->offset && n <= page->offset + page->limit)
      write_admin_promotion(w, p);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

// POST and DELETE /store/carts/:id/promotions: `promo_codes` added to or
// taken from the cart's.
void change_codes(services& ctx, request_ptr req, responder respond,
                  cart::update_cart::codes mode) {
  std::vector<std::string> codes;
  if (auto bad = read_body(req->raw.body(), {{"promo_codes", strings(codes)}}))
    return respond(bad_request(*bad));
  cart::update_cart u;
  u.by = actor_of(*req);
  u.at = now_ms();
  u.catalog = ctx.get<catalog::catalog_view>().get();
  u.promo_codes = std::move(codes);
  u.promo_mode = mode;
  auto id = req->param("id");
  call_entity(
    ctx.entities<cart::cart_domain>(), id, std::move(u), respond,
    [&ctx, id](const cart::cart_state& c) {
      json_writer w;
      w.begin_object().key("cart");
      write_cart(w, id, c, *ctx.get<catalog::catalog_view>().get());
      w.end_object();
      return json_response(http::status::ok, w.take());
    },
    cart_missing(id));
}

} // namespace

void add_promotion_routes(router& r, services& ctx) {
  using http::verb;
  auto admin = access::admin();
  r.add_sync(verb::get, "/admin/promotions", admin, "List promotions (code)",
             [&ctx](request& req) { return list_promotions(ctx, req); });
  r.add(verb::get, "/admin/promotions/:id", admin,
        "Get a promotion, with the uses taken",
        [&ctx](request_ptr req, responder res) {
          auto catalog = ctx.get<catalog::catalog_view>().get();
          auto found = catalog->promotions.find(req->param("id"));
          if (found == catalog->promotions.end())
            return res(promotion_404(req->param("id")));
          auto p = found->second;
          call_entity(ctx.entities<promotion::usage_domain>(), p.id,
                      promotion::get_usage{}, res,
                      [p](const promotion::usage_count& n) {
                        return promotion_response(p, n.used);
                      });
        });
  r.add(verb::post, "/admin/promotions", admin,
        "Create a promotion code (application_method, rules, campaign budget "
        "and dates)",
        [&ctx](request_ptr req, responder res) {
          auto p = read_promotion(*req);
          if (!p)
            return res(p.error());
          p->id = make_id("promo");
          auto id = p->id;
          catalog_write(ctx,
                        catalog::create_promotion{*p, actor_of(*req), now_ms()},
                        res, [id](const catalog_state& s) {
                          return promotion_response(s.promotions.at(id));
                        });
        });
  r.add(verb::post, "/admin/promotions/:id", admin,
        "Replace a promotion's terms (the whole body, as on create)",
        [&ctx](request_ptr req, responder res) {
          auto p = read_promotion(*req);
          if (!p)
            return res(p.error());
          p->id = req->param("id");
          auto id = p->id;
          catalog_write(ctx,
                        catalog::update_promotion{*p, actor_of(*req), now_ms()},
                        res, [id](const catalog_state& s) {
                          return promotion_response(s.promotions.at(id));
                        });
        });
  r.add(verb::delete_, "/admin/promotions/:id", admin, "Delete a promotion",
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(ctx,
                        catalog::delete_promotion{id, actor_of(*req), now_ms()},
                        res, [id](const catalog_state&) {
                          return deleted_response(id, "promotion");
                        });
        });
  auto own_cart = access::owner_of("cart", path_param("id"));
  r.add(verb::post, "/store/carts/:id/promotions", own_cart,
        {"Add promotion codes to a cart (promo_codes)",
         "StoreCartAddPromotions", "StoreCartResponse"},
        [&ctx](request_ptr req, responder res) {
          change_codes(ctx, std::move(req), std::move(res),
                       cart::update_cart::codes::add);
        });
  r.add(verb::delete_, "/store/carts/:id/promotions", own_cart,
        {"Remove promotion codes from a cart (promo_codes)",
         "StoreCartRemovePromotions", "StoreCartResponse"},
        [&ctx](request_ptr req, responder res) {
          change_codes(ctx, std::move(req), std::move(res),
                       cart::update_cart::codes::remove);
        });
}

} // namespace souk
