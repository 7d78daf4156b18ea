// Admin API: regions (currency, countries, flat tax rate) and their
// flat-rate shipping options. Writes go through the catalog entity and are
// in the in-memory view (fed by the committed catalog events) before the
// answer.
#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/catalog_json.hpp"
#include "http/catalog_write.hpp"
#include "http/json_body.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        std::move(message));
}

// A region's fields in a create or update body.
struct region_fields {
  std::optional<std::string> name;
  std::optional<std::string> currency_code;
  std::optional<std::vector<std::string>> countries;
  std::optional<std::string> tax_rate; // percent, as the JSON number's text
};

// Reads the body; lower-cases codes and turns the rate into basis points.
expected<catalog::update_region, http_response>
read_region(const request& req) {
  region_fields f;
  if (auto bad
      = read_body(req.raw.body(), {{"name", text(f.name)},
                                   {"currency_code", text(f.currency_code)},
                                   {"countries", strings(f.countries)},
                                   {"tax_rate", number_text(f.tax_rate)},
                                   {"automatic_taxes", ignored()},
                                   {"is_tax_inclusive", ignored()},
                                   {"payment_providers", ignored()},
                                   {"metadata", ignored()}}))
    return bad_request(*bad);
  catalog::update_region u;
  u.name = f.name;
  if (f.currency_code)
    u.currency_code = ascii_lower(*f.currency_code);
  if (f.countries) {
    u.countries.emplace();
    for (auto& c : *f.countries)
      u.countries->push_back(ascii_lower(c));
  }
  if (f.tax_rate) {
    u.tax_rate_bp = scaled_decimal(*f.tax_rate, 2);
    if (!u.tax_rate_bp)
      return bad_request("Invalid request: tax_rate must be a percentage with"
                         " at most two decimals, got "
                         + *f.tax_rate);
  }
  u.by = actor_of(req);
  u.at = now_ms();
  return u;
}

http_response region_response(const catalog::region& r) {
  json_writer w;
  w.begin_object().key("region");
  write_region(w, r);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

http_response option_404(const std::string& id) {
  return error_response(http::status::not_found, "not_found",
                        "Shipping option with id: " + id + " was not found");
}

// A shipping option shows its amount in its region's currency.
http_response option_response(const catalog::catalog_state& s,
                              const std::string& id) {
  auto& o = s.shipping_options.at(id);
  auto* r = s.find_region(o.region_id);
  json_writer w;
  w.begin_object().key("shipping_option");
  write_shipping_option(w, o, r ? r->currency_code : "eur");
  w.end_object();
  return json_response(http::status::ok, w.take());
}

void add_region_routes(router& r, services& ctx) {
  using http::verb;
  r.add_sync(verb::get, "/admin/regions", access::admin(), "List regions",
             [&ctx](request& req) { return list_regions(ctx, req); });
  r.add_sync(verb::get, "/admin/regions/:id", access::admin(), "Get a region",
             [&ctx](request& req) { return get_region(ctx, req); });
  r.add(
    verb::post, "/admin/regions", access::admin(),
    "Create a region (name, currency_code, countries, tax_rate %)",
    [&ctx](request_ptr req, responder res) {
      auto f = read_region(*req);
      if (!f)
        return res(f.error());
      if (!f->name || !f->currency_code)
        return res(
          bad_request("Invalid request: name and currency_code are required"));
      catalog::region region{make_id("reg"),
                             *f->name,
                             *f->currency_code,
                             f->tax_rate_bp.value_or(0),
                             f->countries.value_or(std::vector<std::string>{}),
                             f->at,
                             f->at};
      auto id = region.id;
      catalog_write(ctx, catalog::create_region{region, f->by, f->at}, res,
                    [id](const catalog::catalog_state& s) {
                      return region_response(*s.find_region(id));
                    });
    });
  r.add(verb::post, "/admin/regions/:id", access::admin(), "Update a region",
        [&ctx](request_ptr req, responder res) {
          auto u = read_region(*req);
          if (!u)
            return res(u.error());
          u->region_id = req->param("id");
          auto id = u->region_id;
          catalog_write(ctx, *u, res, [id](const catalog::catalog_state& s) {
            return region_response(*s.find_region(id));
          });
        });
  r.add(verb::delete_, "/admin/regions/:id", access::admin(),
        "Delete a region and its shipping options",
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(ctx,
                        catalog::delete_region{id, actor_of(*req), now_ms()},
                        res, [id](const catalog::catalog_state&) {
                          return deleted_response(id, "region");
                        });
        });
}

// A shipping option's fields; `amount` in major units of its region's
// currency.
struct option_fields {
  std::optional<std::string> name;
  std::optional<std::string> region_id;
  std::optional<std::string> amount;
};

std::optional<std::string> read_option(const request& req, option_fields& f) {
  return read_body(req.raw.body(), {{"name", text(f.name)},
                                    {"region_id", text(f.region_id)},
                                    {"amount", number_text(f.amount)},
                                    {"price_type", ignored()},
                                    {"provider_id", ignored()},
                                    {"service_zone_id", ignored()},
                                    {"shipping_profile_id", ignored()},
                                    {"type", ignored()},
                                    {"metadata", ignored()}});
}

// The amount in minor units of the region's currency, or the 400.
expected<std::int64_t, http_response>
option_amount(const std::string& text, const catalog::region& region) {
  auto minor = minor_units(text, region.currency_code);
  if (!minor || *minor < 0)
    return bad_request("Invalid request: amount must be a non-negative "
                       "amount in "
                       + region.currency_code + ", got " + text);
  return *minor;
}

void add_shipping_option_routes(router& r, services& ctx) {
  using http::verb;
  r.add_sync(
    verb::get, "/admin/shipping-options", access::admin(),
    "List flat-rate shipping options (region_id)", [&ctx](request& req) {
      auto page = read_page(req);
      if (!page)
        return page.error();
      auto region_id = req.query_param("region_id").value_or("");
      auto catalog = ctx.get<catalog::catalog_view>().get();
      json_writer w;
      w.begin_object().key("shipping_options").begin_array();
      std::int64_t n = 0;
      for (auto& [id, o] : catalog->shipping_options) {
        if (!region_id.empty() && o.region_id != region_id)
          continue;
        auto* region = catalog->find_region(o.region_id);
        if (n++ >= page->offset && n <= page->offset + page->limit)
          write_shipping_option(w, o, region ? region->currency_code : "eur");
      }
      w.end_array();
      write_page(w, n, *page);
      return json_response(http::status::ok, w.take());
    });
  r.add_sync(verb::get, "/admin/shipping-options/:id", access::admin(),
             "Get a shipping option", [&ctx](request& req) {
               auto catalog = ctx.get<catalog::catalog_view>().get();
               if (!catalog->shipping_options.count(req.param("id")))
                 return option_404(req.param("id"));
               return option_response(*catalog, req.param("id"));
             });
  r.add(
    verb::post, "/admin/shipping-options", access::admin(),
    "Create a flat-rate shipping option (name, region_id, amount)",
    [&ctx](request_ptr req, responder res) {
      option_fields f;
      if (auto bad = read_option(*req, f))
        return res(bad_request(*bad));
      if (!f.name || !f.region_id || !f.amount)
        return res(bad_request(
          "Invalid request: name, region_id and amount are required"));
      auto* region
        = ctx.get<catalog::catalog_view>().get()->find_region(*f.region_id);
      if (!region)
        return res(bad_request("Invalid request: no region " + *f.region_id));
      auto amount = option_amount(*f.amount, *region);
      if (!amount)
        return res(amount.error());
      auto at = now_ms();
      catalog::shipping_option o{make_id("so"), *f.name, *f.region_id, *amount,
                                 at};
      auto id = o.id;
      catalog_write(ctx, catalog::create_shipping_option{o, actor_of(*req), at},
                    res, [id](const catalog::catalog_state& s) {
                      return option_response(s, id);
                    });
    });
  r.add(verb::post, "/admin/shipping-options/:id", access::admin(),
        "Update a shipping option (name, amount)",
        [&ctx](request_ptr req, responder res) {
          option_fields f;
          if (auto bad = read_option(*req, f))
            return res(bad_request(*bad));
          auto id = req->param("id");
          auto catalog = ctx.get<catalog::catalog_view>().get();
          auto found = catalog->shipping_options.find(id);
          if (found == catalog->shipping_options.end())
            return res(option_404(id));
          if (f.region_id && *f.region_id != found->second.region_id)
            return res(bad_request(
              "Invalid request: a shipping option stays in its region"));
          catalog::update_shipping_option u{
            id, f.name, {}, actor_of(*req), now_ms()};
          if (f.amount) {
            auto* region = catalog->find_region(found->second.region_id);
            if (!region)
              return res(option_404(id));
            auto amount = option_amount(*f.amount, *region);
            if (!amount)
              return res(amount.error());
            u.amount = *amount;
          }
          catalog_write(ctx, u, res, [id](const catalog::catalog_state& s) {
            return option_response(s, id);
          });
        });
  r.add(verb::delete_, "/admin/shipping-options/:id", access::admin(),
        "Delete a shipping option", [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(
            ctx, catalog::delete_shipping_option{id, actor_of(*req), now_ms()},
            res, [id](const catalog::catalog_state&) {
              return deleted_response(id, "shipping_option");
            });
        });
}

} // namespace

void add_admin_region_routes(router& r, services& ctx) {
  add_region_routes(r, ctx);
  add_shipping_option_routes(r, ctx);
}

} // namespace souk
