#include "http/order_json.hpp"

#include "actors/runtime/units.hpp"
#include "http/catalog_json.hpp"

namespace souk {

namespace {

using order::order_status;

const char* status_of(order_status s) {
  switch (s) {
  case order_status::canceled:
    return "canceled";
  case order_status::completed:
    return "completed";
  default:
    return "pending";
  }
}

const char* payment_status_of(const order::order_state& o) {
  if (o.refunded > 0)
    return o.refunded >= o.captured ? "refunded" : "partially_refunded";
  if (o.captured > 0)
    return o.captured >= o.total ? "captured" : "partially_captured";
  if (o.status == order_status::canceled)
    return "canceled";
  if (o.authorized > 0)
    return "authorized";
  return "not_paid";
}

const char* fulfillment_status_of(order_status s) {
  switch (s) {
  case order_status::fulfilled:
    return "fulfilled";
  case order_status::shipped:
    return "shipped";
  case order_status::delivered:
  case order_status::completed:
    return "delivered";
  default:
    return "not_fulfilled";
  }
}

} // namespace

void write_order(json_writer& w, const std::string& id,
                 const order::order_state& o) {
  auto& cur = o.currency_code;
  auto& c = o.checkout;
  std::int64_t items = 0;
  for (auto& l : o.items)
    items += l.quantity * l.unit_price;
  auto money
    = [&](std::string_view key, std::int64_t v) { amount(w.key(key), v, cur); };
  w.begin_object();
  w.key("id").value(id).key("display_id").value(c.display_id);
  w.key("status").value(status_of(o.status));
  w.key("payment_status").value(payment_status_of(o));
  w.key("fulfillment_status").value(fulfillment_status_of(o.status));
  w.key("souk_status").value(order::to_string(o.status));
  if (c.email.empty())
    w.key("email").null();
  else
    w.key("email").value(c.email);
  w.key("currency_code").value(cur);
  w.key("region_id").value(c.region_id);
  w.key("customer_id").value(o.customer_id);
  w.key("sales_channel_id").value(c.sales_channel_id);
  w.key("created_at").value(iso_time(o.placed_at));
  w.key("updated_at")
    .value(iso_time(o.history.empty() ? o.placed_at : o.history.back().at));
  w.key("version").value(o.version);
  w.key("custom_display_id").null().key("metadata").null();
  // The discount is kept before tax (the tax is on what is left); no
  // credit lines in souk. The original totals are before the discount.
  auto off = c.discount_total;
  auto saved = c.discount_tax_total;
  money("total", o.total);
  money("subtotal", items + c.shipping_total);
  money("tax_total", c.tax_total);
  money("original_total", o.total + off + saved);
  money("original_subtotal", items + c.shipping_total);
  money("original_tax_total", c.tax_total + saved);
  auto item_tax = c.tax_total - c.shipping_tax_total;
  money("item_total", items - off + item_tax);
  money("item_tax_total", item_tax);
  money("original_item_total", items + item_tax + saved);
  money("original_item_tax_total", item_tax + saved);
  for (auto prefix : {"", "original_"}) {
    auto key = [&](const char* name) { return std::string{prefix} + name; };
    money(key("item_subtotal"), items);
    money(key("shipping_total"), c.shipping_total + c.shipping_tax_total);
    money(key("shipping_subtotal"), c.shipping_total);
    money(key("shipping_tax_total"), c.shipping_tax_total);
  }
  money("discount_total", off + saved);
  money("discount_subtotal", off);
  money("discount_tax_total", saved);
  for (auto key :
       {"credit_line_total", "credit_line_subtotal", "credit_line_tax_total"})
    money(key, 0);
  w.key("promotions").begin_array();
  for (auto& code : c.promotion_codes)
    w.begin_object().key("code").value(code).end_object();
  w.end_array();
  w.key("credit_lines").begin_array().end_array();
  w.key("fulfillments").begin_array().end_array();
  w.key("payment_collections").begin_array();
  if (o.authorized > 0) {
    w.begin_object();
    w.key("currency_code").value(cur);
    money("amount", o.total);
    money("authorized_amount", o.authorized);
    money("captured_amount", o.captured);
    money("refunded_amount", o.refunded);
    w.key("status").value(payment_status_of(o));
    w.end_object();
  }
  w.end_array();
  w.key("summary").begin_object();
  money("paid_total", o.captured);
  money("refunded_total", o.refunded);
  money("pending_difference", o.total - o.captured + o.refunded);
  w.end_object();
  w.key("items").begin_array();
  for (auto& l : o.items) {
    w.begin_object().key("id").value(l.line_id).key("title").value(l.title);
    w.key("variant_id").value(l.variant_id).key("quantity").value(l.quantity);
    amount(w.key("unit_price"), l.unit_price, cur);
    amount(w.key("subtotal"), l.unit_price * l.quantity, cur);
    w.end_object();
  }
  w.end_array();
  w.key("shipping_methods").begin_array();
  if (!c.shipping_method.empty()) {
    w.begin_object().key("name").value(c.shipping_method);
    amount(w.key("amount"), c.shipping_total, cur);
    w.end_object();
  }
  w.end_array();
  w.key("shipping_address").raw(c.shipping_address);
  w.key("billing_address").null();
  w.end_object();
}

void write_order_row(json_writer& w, const order_row& r) {
  auto status = order::parse_status(r.status).value_or(order_status::placed);
  w.begin_object();
  w.key("id").value(r.id).key("display_id").value(r.display_id);
  w.key("status").value(status_of(status));
  w.key("fulfillment_status").value(fulfillment_status_of(status));
  w.key("souk_status").value(r.status);
  w.key("email").value(r.email).key("customer_id").value(r.customer_id);
  w.key("currency_code").value(r.currency_code);
  amount(w.key("total"), r.total, r.currency_code);
  w.key("created_at").value(iso_time(r.created_at));
  w.end_object();
}

} // namespace souk
