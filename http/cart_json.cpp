#include "http/cart_json.hpp"

#include "actors/cart/cart_promotions.hpp"
#include "actors/runtime/units.hpp"
#include "http/catalog_json.hpp"

namespace souk {

namespace {

void write_address(json_writer& w, std::string_view key,
                   const std::optional<cart::address>& a) {
  w.key(key);
  if (!a) {
    w.null();
    return;
  }
  w.begin_object();
  write_postal_fields(w, *a);
  w.end_object();
}

// Medusa's tax line for souk's flat rate of the region.
void write_tax_lines(json_writer& w, std::string_view prefix,
                     const std::string& owner_id, std::int64_t rate_bp) {
  w.key("tax_lines").begin_array();
  if (rate_bp > 0) {
    auto suffix = owner_id.substr(owner_id.find('_') + 1);
    w.begin_object();
    w.key("id").value(std::string{prefix} + "_" + suffix);
    w.key("code").value("flat_rate").key("description").value("Tax");
    w.key("rate").raw(decimal_text(rate_bp, 2)); // basis points → %
    w.key("provider_id").value("system");
    w.key("data").null().key("metadata").null();
    w.end_object();
  }
  w.end_array();
}

} // namespace

void write_postal_fields(json_writer& w, const cart::address& a) {
  w.key("first_name").value_or_null(a.first_name);
  w.key("last_name").value_or_null(a.last_name);
  w.key("company").value_or_null(a.company);
  w.key("address_1").value_or_null(a.address_1);
  w.key("address_2").value_or_null(a.address_2);
  w.key("city").value_or_null(a.city);
  w.key("postal_code").value_or_null(a.postal_code);
  w.key("country_code").value_or_null(a.country_code);
  w.key("province").value_or_null(a.province);
  w.key("phone").value_or_null(a.phone);
}

void write_cart(json_writer& w, const std::string& id,
                const cart::cart_state& c,
                const catalog::catalog_state& catalog) {
  auto t = cart::totals(c);
  auto& cur = c.currency_code;
  auto money
    = [&](std::string_view key, std::int64_t v) { amount(w.key(key), v, cur); };
  w.begin_object();
  w.key("id").value(id).key("currency_code").value(cur);
  w.key("email").value_or_null(c.email);
  w.key("region_id").value(c.region_id);
  w.key("customer_id").value_or_null(c.customer_id);
  w.key("sales_channel_id").value(c.sales_channel_id);
  w.key("created_at").value(iso_time(c.created_at));
  w.key("updated_at").value(iso_time(c.updated_at));
  if (c.completed_at)
    w.key("completed_at").value(iso_time(c.completed_at));
  else
    w.key("completed_at").null();
  w.key("locale").value_or_null(c.locale).key("metadata").null();
  w.key("shipping_address_id").null().key("billing_address_id").null();
  if (c.customer_id.empty())
    w.key("customer").null();
  else
    w.key("customer")
      .begin_object()
      .key("id")
      .value(c.customer_id)
      .key("email")
      .value(c.email)
      .key("groups")
      .begin_array()
      .end_array()
      .end_object();
  // The original totals are before the promotions; no credit lines.
  auto item_total = t.item_subtotal - t.discount_subtotal + t.item_tax_total;
  auto original_item_tax = t.item_tax_total + t.discount_tax_total;
  auto shipping_total = t.shipping_subtotal + t.shipping_tax_total;
  money("total", t.total);
  money("subtotal", t.subtotal);
  money("tax_total", t.tax_total);
  money("original_total", t.total + t.discount_total);
  money("original_tax_total", t.tax_total + t.discount_tax_total);
  money("item_total", item_total);
  money("item_subtotal", t.item_subtotal);
  money("item_tax_total", t.item_tax_total);
  money("original_item_total", t.item_subtotal + original_item_tax);
  money("original_item_subtotal", t.item_subtotal);
  money("original_item_tax_total", original_item_tax);
  money("shipping_total", shipping_total);
  money("shipping_subtotal", t.shipping_subtotal);
  money("shipping_tax_total", t.shipping_tax_total);
  money("original_shipping_total", shipping_total);
  money("original_shipping_subtotal", t.shipping_subtotal);
  money("original_shipping_tax_total", t.shipping_tax_total);
  money("discount_total", t.discount_total);
  money("discount_subtotal", t.discount_subtotal);
  money("discount_tax_total", t.discount_tax_total);
  money("item_discount_total", t.discount_total);
  for (auto key : {"shipping_discount_total", "credit_line_total",
                   "credit_line_subtotal", "credit_line_tax_total"})
    money(key, 0);
  w.key("credit_lines").begin_array().end_array();
  auto adjustments = cart::adjustments(c);
  w.key("items").begin_array();
  for (std::size_t k = 0; k < c.items.size(); ++k) {
    auto& i = c.items[k];
    auto& l = t.lines[k];
    w.begin_object();
    w.key("id").value(i.id).key("title").value(i.title);
    w.key("quantity").value(i.quantity);
    amount(w.key("unit_price"), i.unit_price, cur);
    amount(w.key("subtotal"), l.subtotal, cur);
    amount(w.key("total"), l.subtotal - l.discount + l.tax, cur);
    amount(w.key("original_total"), l.subtotal + l.tax + l.tax_saved, cur);
    amount(w.key("discount_subtotal"), l.discount, cur);
    amount(w.key("discount_tax_total"), l.tax_saved, cur);
    amount(w.key("discount_total"), l.discount + l.tax_saved, cur);
    amount(w.key("tax_total"), l.tax, cur);
    amount(w.key("original_tax_total"), l.tax + l.tax_saved, cur);
    w.key("variant_id")
      .value(i.variant_id)
      .key("product_id")
      .value(i.product_id);
    w.key("product_title").value(i.title);
    w.key("variant_title").value(i.variant_title);
    w.key("variant_sku").value(i.sku);
    auto* p = catalog.find_product(i.product_id);
    w.key("product_handle").value(p ? p->handle : "");
    w.key("product").begin_object().key("id").value(i.product_id);
    w.key("collection_id").value_or_null(p ? p->collection_id : "");
    w.key("type_id").null().key("categories").begin_array();
    if (p)
      for (auto& category : p->category_ids)
        w.begin_object().key("id").value(category).end_object();
    w.end_array();
    w.key("tags").begin_array().end_array().end_object();
    w.key("product_subtitle").null().key("product_description").null();
    w.key("product_type").null().key("product_type_id").null();
    w.key("product_collection").null().key("variant_barcode").null();
    w.key("requires_shipping").value(true).key("is_tax_inclusive").value(false);
    w.key("is_giftcard").value(false).key("compare_at_unit_price").null();
    w.key("thumbnail").null().key("metadata").null();
    w.key("created_at").value(iso_time(c.created_at));
    w.key("updated_at").value(iso_time(c.updated_at));
    write_tax_lines(w, "calitxl", i.id, c.tax_rate_bp);
    w.key("adjustments").begin_array();
    for (auto& a : adjustments)
      if (a.item_id == i.id) {
        w.begin_object();
        w.key("id").value(
          "caliadj_" + i.id.substr(i.id.find('_') + 1) + "_"
          + a.promotion_id.substr(a.promotion_id.find('_') + 1));
        w.key("item_id").value(i.id).key("promotion_id").value(a.promotion_id);
        w.key("code").value(a.code);
        amount(w.key("amount"), a.amount, cur);
        w.key("is_tax_inclusive").value(false);
        w.end_object();
      }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("shipping_methods").begin_array();
  if (c.shipping) {
    w.begin_object();
    w.key("id").value(c.shipping->id).key("name").value(c.shipping->name);
    w.key("shipping_option_id").value(c.shipping->option_id);
    amount(w.key("amount"), c.shipping->amount, cur);
    w.key("is_tax_inclusive").value(false);
    write_tax_lines(w, "casmtxl", c.shipping->id, c.tax_rate_bp);
    w.key("adjustments").begin_array().end_array();
    w.end_object();
  }
  w.end_array();
  write_address(w, "shipping_address", c.shipping_address);
  write_address(w, "billing_address", c.billing_address);
  if (auto* r = catalog.find_region(c.region_id)) {
    w.key("region");
    write_region(w, *r);
  }
  w.key("promotions").begin_array();
  for (auto& p : c.promotions)
    write_store_promotion(w, p);
  w.end_array();
  w.end_object();
}

void write_store_promotion(json_writer& w, const catalog::promotion& p) {
  write_store_promotion_fields(w.begin_object(), p).end_object();
}

json_writer& write_store_promotion_fields(json_writer& w,
                                          const catalog::promotion& p) {
  w.key("id").value(p.id).key("code").value(p.code);
  w.key("type").value("standard").key("is_automatic").value(false);
  w.key("status").value(p.status);
  w.key("application_method").begin_object();
  w.key("type").value(p.method).key("target_type").value(p.target);
  w.key("allocation").value(p.allocation);
  if (p.method == "percentage")
    w.key("value").raw(decimal_text(p.value, 2)); // basis points → %
  else
    amount(w.key("value"), p.value, p.currency_code);
  w.key("currency_code").value_or_null(p.currency_code);
  return w.end_object();
}

void write_payment_collection(json_writer& w, const cart::cart_state& c) {
  auto t = cart::totals(c);
  w.begin_object();
  w.key("id").value(c.payment_collection_id);
  w.key("currency_code").value(c.currency_code);
  amount(w.key("amount"), t.total, c.currency_code);
  w.key("status").value(c.order_id.empty() ? "not_paid" : "authorized");
  w.key("payment_sessions").begin_array();
  if (c.session) {
    w.begin_object();
    w.key("id")
      .value(c.session->id)
      .key("currency_code")
      .value(c.currency_code);
    w.key("provider_id").value(c.session->provider_id);
    amount(w.key("amount"), c.session->amount, c.currency_code);
    w.key("status").value(c.order_id.empty() ? "pending" : "authorized");
    w.key("payment_collection_id").value(c.payment_collection_id);
    w.key("data").begin_object().end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

} // namespace souk
