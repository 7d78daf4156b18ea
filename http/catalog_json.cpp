#include "http/catalog_json.hpp"

#include "actors/runtime/units.hpp"

namespace souk {

namespace {

json_writer& time_field(json_writer& w, std::string_view key, std::int64_t ms) {
  return w.key(key).value(iso_time(ms));
}

const catalog::product_option* option_named(const catalog::product& p,
                                            const std::string& title) {
  for (auto& o : p.options)
    if (o.title == title)
      return &o;
  return nullptr;
}

// Option values have no ids of their own in souk: "<option id>:<value>".
std::string value_id(const catalog::product_option& o, const std::string& v) {
  return o.id + ":" + v;
}

} // namespace

void write_variant(json_writer& w, const catalog::product& p,
                   const catalog::variant& v, const catalog::region* region,
                   product_view view) {
  w.begin_object();
  w.key("id").value(v.id).key("title").value(v.title).key("sku").value(v.sku);
  w.key("barcode").null().key("ean").null().key("upc").null();
  w.key("allow_backorder").value(false);
  w.key("manage_inventory").value(v.manage_inventory);
  w.key("product_id").value(p.id);
  time_field(w, "created_at", p.created_at);
  time_field(w, "updated_at", p.updated_at);
  w.key("deleted_at").null();
  w.key("options").begin_array();
  for (auto& [title, value] : v.options) {
    auto* o = option_named(p, title);
    if (!o)
      continue;
    w.begin_object().key("id").value(value_id(*o, value));
    w.key("value").value(value).key("option_id").value(o->id);
    w.key("option").begin_object().key("id").value(o->id);
    w.key("title").value(o->title).end_object();
    w.end_object();
  }
  w.end_array();
  if (view == product_view::store && region) {
    if (auto* pr = catalog::price_in(v, region->currency_code)) {
      w.key("calculated_price").begin_object();
      w.key("id").value("pset_" + v.id);
      w.key("is_calculated_price_tax_inclusive").value(false);
      amount(w.key("calculated_amount"), pr->amount, pr->currency_code);
      amount(w.key("original_amount"), pr->amount, pr->currency_code);
      w.key("currency_code").value(pr->currency_code);
      w.end_object();
    } else {
      w.key("calculated_price").null();
    }
  } else if (view == product_view::admin) { // Medusa's admin variant
    w.key("prices").begin_array();
    for (auto& pr : v.prices) {
      w.begin_object().key("currency_code").value(pr.currency_code);
      amount(w.key("amount"), pr.amount, pr.currency_code);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

json_writer& amount(json_writer& w, std::int64_t minor,
                    const std::string& currency_code) {
  return w.raw(major_units(minor, currency_code));
}

void write_product(json_writer& w, const catalog::catalog_state& catalog,
                   const catalog::product& p, const catalog::region* region,
                   product_view view) {
  w.begin_object();
  w.key("id").value(p.id).key("title").value(p.title);
  if (p.subtitle.empty())
    w.key("subtitle").null();
  else
    w.key("subtitle").value(p.subtitle);
  w.key("description").value(p.description).key("handle").value(p.handle);
  w.key("status").value(p.status);
  w.key("is_giftcard").value(false).key("discountable").value(true);
  w.key("thumbnail").null().key("type_id").null();
  w.key("collection_id").value_or_null(p.collection_id).key("collection");
  if (auto* c = catalog.find_collection(p.collection_id))
    write_collection(w, *c);
  else
    w.null();
  w.key("categories").begin_array();
  for (auto& id : p.category_ids)
    if (auto* c = catalog.find_category(id);
        c && (view == product_view::admin || catalog.shown_to_store(*c)))
      write_category_fields(w.begin_object(), *c, view).end_object();
  w.end_array();
  time_field(w, "created_at", p.created_at);
  time_field(w, "updated_at", p.updated_at);
  w.key("options").begin_array();
  for (auto& o : p.options) {
    w.begin_object().key("id").value(o.id).key("title").value(o.title);
    w.key("values").begin_array();
    for (auto& v : o.values)
      w.begin_object()
        .key("id")
        .value(value_id(o, v))
        .key("value")
        .value(v)
        .key("option_id")
        .value(o.id)
        .end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.key("tags").begin_array().end_array();
  w.key("images").begin_array().end_array();
  w.key("variants").begin_array();
  for (auto& v : p.variants)
    write_variant(w, p, v, region, view);
  w.end_array();
  w.end_object();
}

json_writer& write_collection_fields(json_writer& w,
                                     const catalog::collection& c) {
  w.key("id").value(c.id).key("title").value(c.title);
  w.key("handle").value(c.handle);
  time_field(w, "created_at", c.created_at);
  time_field(w, "updated_at", c.updated_at);
  return w.key("deleted_at").null().key("metadata").null();
}

void write_collection(json_writer& w, const catalog::collection& c) {
  write_collection_fields(w.begin_object(), c).end_object();
}

json_writer& write_category_fields(json_writer& w, const catalog::category& c,
                                   product_view view) {
  w.key("id").value(c.id).key("name").value(c.name);
  w.key("description").value(c.description).key("handle").value(c.handle);
  w.key("rank").value(c.rank);
  w.key("parent_category_id").value_or_null(c.parent_category_id);
  if (view == product_view::admin)
    w.key("is_active")
      .value(c.is_active)
      .key("is_internal")
      .value(c.is_internal);
  time_field(w, "created_at", c.created_at);
  time_field(w, "updated_at", c.updated_at);
  w.key("deleted_at").null().key("metadata").null();
  return w;
}

void write_region(json_writer& w, const catalog::region& r) {
  w.begin_object();
  w.key("id").value(r.id).key("name").value(r.name);
  w.key("currency_code").value(r.currency_code);
  w.key("automatic_taxes").value(true);
  // souk's flat rate, in percent (Medusa keeps rates in tax regions).
  w.key("tax_rate").raw(decimal_text(r.tax_rate_bp, 2));
  time_field(w, "created_at", r.created_at);
  time_field(w, "updated_at", r.updated_at);
  w.key("deleted_at").null().key("metadata").null();
  w.key("countries").begin_array();
  for (auto& c : r.countries)
    w.begin_object()
      .key("iso_2")
      .value(c)
      .key("region_id")
      .value(r.id)
      .end_object();
  w.end_array();
  w.end_object();
}

void write_shipping_option(json_writer& w, const catalog::shipping_option& o,
                           const std::string& currency_code) {
  w.begin_object();
  w.key("id").value(o.id).key("name").value(o.name);
  w.key("region_id").value(o.region_id);
  w.key("price_type").value("flat");
  w.key("provider_id").value("manual_manual");
  amount(w.key("amount"), o.amount, currency_code);
  w.key("calculated_price").begin_object();
  amount(w.key("calculated_amount"), o.amount, currency_code);
  w.key("currency_code").value(currency_code);
  w.key("is_calculated_price_tax_inclusive").value(false);
  w.end_object();
  w.key("is_tax_inclusive").value(false);
  w.end_object();
}

} // namespace souk
