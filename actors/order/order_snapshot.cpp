#include "actors/order/order_snapshot.hpp"

#include "actors/order/order_json.hpp"

namespace souk::order {

std::string encode_state(const order_state& s) {
  json_writer w;
  w.begin_object()
    .key("version")
    .value(s.version)
    .key("status")
    .value(to_string(s.status))
    .key("customer_id")
    .value(s.customer_id)
    .key("currency_code")
    .value(s.currency_code)
    .key("total")
    .value(s.total)
    .key("payment_id")
    .value(s.payment_id)
    .key("authorized")
    .value(s.authorized)
    .key("captured")
    .value(s.captured)
    .key("refunded")
    .value(s.refunded)
    .key("tracking_number")
    .value(s.tracking_number)
    .key("cancel_reason")
    .value(s.cancel_reason);
  w.key("items").begin_array();
  for (auto& l : s.items)
    write_line(w, l);
  w.end_array();
  write_checkout(w, s.checkout);
  w.key("placed_at").value(s.placed_at);
  w.key("history").begin_array();
  for (auto& h : s.history)
    w.begin_object()
      .key("from")
      .value(to_string(h.from))
      .key("to")
      .value(to_string(h.to))
      .key("by")
      .value(h.by)
      .key("at")
      .value(h.at)
      .end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

std::optional<order_state> decode_state(std::string_view json) {
  return read_object(
    json, [](simdjson::ondemand::object& obj) -> std::optional<order_state> {
      order_state s;
      std::string status;
      bool bad_status = false;
      auto status_of = [&bad_status](const std::string& name) {
        auto st = parse_status(name);
        bad_status |= !st;
        return st.value_or(order_status::none);
      };
      json_fields f{obj};
      f.i64("version", s.version)
        .str("status", status)
        .str("customer_id", s.customer_id)
        .str("currency_code", s.currency_code)
        .i64("total", s.total)
        .str("payment_id", s.payment_id)
        .i64("authorized", s.authorized)
        .i64("captured", s.captured)
        .i64("refunded", s.refunded)
        .str("tracking_number", s.tracking_number)
        .str("cancel_reason", s.cancel_reason)
        .objects(
          "items",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
            s.items.emplace_back();
            return read_line(o, s.items.back());
          })
        .objects(
          "history",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
            status_change h;
            std::string from;
            std::string to;
            json_fields hf{o};
            hf.str("from", from).str("to", to).str("by", h.by).i64("at", h.at);
            h.from = status_of(from);
            h.to = status_of(to);
            s.history.push_back(std::move(h));
            return hf.error();
          });
      s.status = status_of(status);
      if (f.error() || bad_status)
        return std::nullopt;
      if (read_checkout(obj, s.checkout))
        return std::nullopt;
      json_fields{obj}.i64("placed_at", s.placed_at);
      return s;
    });
}

} // namespace souk::order
