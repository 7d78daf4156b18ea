// The demo store `souk serve --demo` opens with: a region, a shipping
// option, three products with stock, a publishable key and an admin.
#include "http/demo_seed.hpp"
#include "actors/catalog/catalog_view.hpp"

#include <spdlog/spdlog.h>

#include "actors/catalog/catalog_entity.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/admin_users.hpp"
#include "http/passwords.hpp"
#include "persistence/postgres.hpp"

namespace souk {

expected<catalog::catalog_state, std::string>
catalog_command(services& svc, catalog::catalog_command cmd) {
  auto r = svc.entities<catalog::catalog_domain>().call("main", std::move(cmd));
  if (!r)
    return r.error().message;
  return std::move(*r);
}

expected<catalog::catalog_state, std::string>
catalog_write(services& svc, catalog::catalog_command cmd) {
  auto r = catalog_command(svc, std::move(cmd));
  if (r
      && !svc.get<catalog::catalog_view>().wait_for(r->version,
                                                    std::chrono::seconds{10}))
    return "the catalog view did not reach version "
           + std::to_string(r->version);
  return r;
}

expected<bool, std::string> set_stock(services& svc, const std::string& variant,
                                      std::int64_t units) {
  auto r = svc.entities<inventory::inventory_domain>().call(
    variant, inventory::set_stock{units, "system:seed", now_ms()});
  if (!r)
    return r.error().message;
  return true;
}

expected<demo_store, std::string> seed_demo(services& svc,
                                            const std::string& conninfo) {
  auto& view = svc.get<catalog::catalog_view>();
  auto current = view.get();
  auto at = now_ms();
  std::string by = "system:seed";
  demo_store demo;
  if (current->regions.empty()) {
    auto sc = make_id("sc");
    auto steps = std::vector<catalog::catalog_command>{
      catalog::create_publishable_key{
        {"pk_" + random_hex(32), sc, "Webshop"}, by, at},
      catalog::create_region{
        {make_id("reg"), "Germany", "eur", 1900, {"de"}, at, at}, by, at}};
    for (auto& c : steps)
      if (auto r = catalog_write(svc, c); !r)
        return "demo seed: " + r.error();
    auto region = view.get()->regions.begin()->second;
    auto standard = catalog::create_shipping_option{
      {make_id("so"), "Standard shipping", region.id, 495, at}, by, at};
    // What the storefront browses by: a collection and a category tree.
    catalog::collection bestsellers{make_id("pcol"), "Bestsellers", "", at, at};
    auto category = [&](std::string name, std::string parent) {
      catalog::category c;
      c.id = make_id("pcat");
      c.name = std::move(name);
      c.parent_category_id = std::move(parent);
      return c;
    };
    auto boxes = category("Boxes", "");
    auto pizza_boxes = category("Pizza boxes", boxes.id);
    auto sleeves = category("Cup sleeves", "");
    for (auto& c : std::vector<catalog::catalog_command>{
           catalog::create_collection{bestsellers, by, at},
           catalog::create_category{boxes, {}, by, at},
           catalog::create_category{pizza_boxes, {}, by, at},
           catalog::create_category{sleeves, {}, by, at}})
      if (auto r = catalog_write(svc, c); !r)
        return "demo seed: " + r.error();
    auto made = 0; // products get distinct creation times, in this order
    auto box = [&](std::string title, std::string description,
                   std::vector<std::pair<std::string, std::int64_t>> sizes,
                   std::string sku, std::string category_id,
                   std::string collection_id) {
      catalog::product p;
      p.id = make_id("prod");
      p.category_ids = {std::move(category_id)};
      p.collection_id = std::move(collection_id);
      p.title = std::move(title);
      p.description = std::move(description);
      p.created_at = p.updated_at = at + made++;
      catalog::product_option size{make_id("opt"), "Size", {}};
      for (auto& [label, cents] : sizes) {
        size.values.push_back(label);
        p.variants.push_back({make_id("variant"),
                              label,
                              sku + "-" + label,
                              {{"eur", cents}},
                              {{"Size", label}},
                              true});
      }
      p.options.push_back(size);
      return catalog::catalog_command{catalog::create_product{p, by, at}};
    };
    for (auto& c : std::vector<catalog::catalog_command>{
           standard,
           box("Printed Pizza Box", "Kraft board, your logo in two colours.",
               {{"30cm", 120}, {"40cm", 150}}, "PIZZA", pizza_boxes.id,
               bestsellers.id),
           box("Mailer Box", "Corrugated mailer, printed inside and out.",
               {{"S", 210}, {"M", 260}, {"L", 340}}, "MAILER", boxes.id,
               bestsellers.id),
           box("Coffee Cup Sleeve", "Recycled board sleeve, full colour.",
               {{"8oz", 35}, {"12oz", 40}}, "SLEEVE", sleeves.id, "")})
      if (auto r = catalog_write(svc, c); !r)
        return "demo seed: " + r.error();
    // A code for the storefront's promotion field: 10 % off the order.
    catalog::promotion welcome;
    welcome.id = make_id("promo");
    welcome.code = "WELCOME10";
    welcome.value = 1000;
    if (auto r = catalog_write(svc, catalog::create_promotion{welcome, by, at});
        !r)
      return "demo seed: " + r.error();
    for (auto& [variant, product] : view.get()->variant_index)
      if (auto r = set_stock(svc, variant, 1000); !r)
        return "demo seed: " + r.error();
    spdlog::info("seeded the demo store");
  }
  demo.admin_email = "admin@souk.local";
  auto accounts = open_accounts(conninfo);
  auto admin = accounts->find_identity("user", demo.admin_email);
  if (!admin)
    return "demo seed: " + admin.error().message;
  if (!*admin) {
    demo.admin_password = random_hex(12);
    if (auto made
        = create_admin(conninfo, demo.admin_email, demo.admin_password);
        !made)
      return "demo seed: " + made.error();
  }
  auto catalog = view.get();
  auto& key = catalog->keys.begin()->second;
  demo.publishable_key = key.token;
  demo.sales_channel_id = key.sales_channel_id;
  demo.region_id = catalog->regions.begin()->first;
  demo.shipping_option_id = catalog->shipping_options.begin()->first;
  // A store seeded before collections and categories has none.
  if (!catalog->collections.empty())
    demo.collection_id = catalog->collections.begin()->first;
  if (auto top = catalog->children_of(""); !top.empty())
    demo.category_id = top.front()->id;
  if (!catalog->promotions.empty())
    demo.promotion_id = catalog->promotions.begin()->first;
  for (auto* p : catalog->products_by_creation()) {
    std::vector<std::string> variants;
    for (auto& v : p->variants)
      variants.push_back(v.id);
    demo.products.emplace_back(p->id, std::move(variants));
  }
  return demo;
}

std::string to_json(const demo_store& demo) {
  json_writer w;
  w.begin_object();
  w.key("admin_email").value(demo.admin_email);
  w.key("admin_password").value(demo.admin_password);
  w.key("publishable_key").value(demo.publishable_key);
  w.key("sales_channel_id").value(demo.sales_channel_id);
  w.key("region_id").value(demo.region_id);
  w.key("shipping_option_id").value(demo.shipping_option_id);
  w.key("collection_id").value(demo.collection_id);
  w.key("category_id").value(demo.category_id);
  w.key("promotion_id").value(demo.promotion_id);
  w.key("products").begin_array();
  for (auto& [id, variants] : demo.products) {
    w.begin_object().key("id").value(id).key("variant_ids").begin_array();
    for (auto& v : variants)
      w.value(v);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

} // namespace souk
