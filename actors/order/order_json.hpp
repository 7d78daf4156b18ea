#pragma once

#include <optional>
#include <string>

#include "actors/order/order_events.hpp"
#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk::order {

// The JSON of an order line, shared by the event codec and the snapshot.

inline void write_line(json_writer& w, const order_line& l) {
  w.begin_object()
    .key("line_id")
    .value(l.line_id)
    .key("variant_id")
    .value(l.variant_id)
    .key("title")
    .value(l.title)
    .key("quantity")
    .value(l.quantity)
    .key("unit_price")
    .value(l.unit_price)
    .end_object();
}

/// Reads one line into `out`; the problem, if any.
inline std::optional<std::string> read_line(simdjson::ondemand::object& o,
                                            order_line& out) {
  json_fields f{o};
  f.str("line_id", out.line_id)
    .str("variant_id", out.variant_id)
    .str("title", out.title)
    .i64("quantity", out.quantity)
    .i64("unit_price", out.unit_price);
  return f.error();
}

inline void write_checkout(json_writer& w, const checkout_details& c) {
  w.key("checkout").begin_object();
  w.key("cart_id").value(c.cart_id).key("email").value(c.email);
  w.key("region_id").value(c.region_id);
  w.key("sales_channel_id").value(c.sales_channel_id);
  w.key("display_id").value(c.display_id);
  w.key("shipping_method").value(c.shipping_method);
  w.key("shipping_total").value(c.shipping_total);
  w.key("tax_total").value(c.tax_total);
  w.key("shipping_address").raw(c.shipping_address);
  w.key("shipping_tax_total").value(c.shipping_tax_total);
  if (c.discount_total != 0 || !c.promotion_codes.empty()) {
    w.key("discount_total").value(c.discount_total);
    w.key("discount_tax_total").value(c.discount_tax_total);
    w.key("promotion_codes").begin_array();
    for (auto& code : c.promotion_codes)
      w.value(code);
    w.end_array();
  }
  w.end_object();
}

/// Reads "checkout" when present (orders placed without a storefront
/// checkout have none); the problem, if any.
inline std::optional<std::string> read_checkout(simdjson::ondemand::object& o,
                                                checkout_details& out) {
  simdjson::ondemand::object c;
  auto field = o.find_field_unordered("checkout");
  if (field.error() == simdjson::NO_SUCH_FIELD)
    return std::nullopt;
  if (auto err = field.get_object().get(c))
    return std::string{"field 'checkout': "} + simdjson::error_message(err);
  json_fields f{c};
  f.str("cart_id", out.cart_id)
    .str("email", out.email)
    .str("region_id", out.region_id)
    .str("sales_channel_id", out.sales_channel_id)
    .i64("display_id", out.display_id)
    .str("shipping_method", out.shipping_method)
    .i64("shipping_total", out.shipping_total)
    .i64("tax_total", out.tax_total)
    .raw("shipping_address", out.shipping_address);
  if (f.error())
    return f.error();
  // Added later: optional.
  json_fields later{c};
  later.optional_i64("shipping_tax_total", out.shipping_tax_total)
    .optional_i64("discount_total", out.discount_total)
    .optional_i64("discount_tax_total", out.discount_tax_total)
    .optional_strings("promotion_codes", out.promotion_codes);
  return later.error();
}

} // namespace souk::order
