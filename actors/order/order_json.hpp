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

} // namespace souk::order
