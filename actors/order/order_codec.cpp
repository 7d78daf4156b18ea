#include "actors/order/order_codec.hpp"

#include "actors/order/order_json.hpp"
#include "actors/runtime/event_json.hpp"

namespace souk::order {

namespace {

using result = expected<order_event, std::string>;

struct encoder {
  json_writer& w;

  const char* operator()(const order_placed& e) {
    w.key("customer_id").value(e.customer_id);
    w.key("currency_code").value(e.currency_code);
    w.key("total").value(e.total);
    w.key("items").begin_array();
    for (auto& line : e.items)
      write_line(w, line);
    w.end_array();
    write_checkout(w, e.checkout);
    return event_names::placed;
  }
  const char* operator()(const payment_authorized& e) {
    w.key("payment_id").value(e.payment_id).key("amount").value(e.amount);
    return event_names::payment_authorized;
  }
  const char* operator()(const payment_captured& e) {
    w.key("amount").value(e.amount);
    return event_names::payment_captured;
  }
  const char* operator()(const order_fulfilled&) {
    return event_names::fulfilled;
  }
  const char* operator()(const order_shipped& e) {
    w.key("tracking_number").value(e.tracking_number);
    return event_names::shipped;
  }
  const char* operator()(const order_delivered&) {
    return event_names::delivered;
  }
  const char* operator()(const order_completed&) {
    return event_names::completed;
  }
  const char* operator()(const order_canceled& e) {
    w.key("reason").value(e.reason);
    return event_names::canceled;
  }
  const char* operator()(const order_refunded& e) {
    w.key("amount").value(e.amount).key("reason").value(e.reason);
    return event_names::refunded;
  }
};

// For events with nothing but who and when.
template <class Event>
void add_plain(event_codec<order_event>& c, const char* name) {
  c.add(name, [](simdjson::ondemand::object& o) -> result {
    json_fields f{o};
    return finish_event<order_event>(f, Event{});
  });
}

event_codec<order_event> make_codec() {
  event_codec<order_event> c;
  c.add(event_names::placed, [](simdjson::ondemand::object& o) -> result {
    order_placed e;
    json_fields f{o};
    f.str("customer_id", e.customer_id)
      .str("currency_code", e.currency_code)
      .i64("total", e.total)
      .objects(
        "items",
        [&](simdjson::ondemand::object& item) -> std::optional<std::string> {
          e.items.emplace_back();
          return read_line(item, e.items.back());
        });
    if (f.error())
      return *f.error();
    if (auto problem = read_checkout(o, e.checkout))
      return *problem;
    return finish_event<order_event>(f, std::move(e));
  });
  c.add(event_names::payment_authorized,
        [](simdjson::ondemand::object& o) -> result {
          payment_authorized e;
          json_fields f{o};
          f.str("payment_id", e.payment_id).i64("amount", e.amount);
          return finish_event<order_event>(f, std::move(e));
        });
  c.add(event_names::payment_captured,
        [](simdjson::ondemand::object& o) -> result {
          payment_captured e;
          json_fields f{o};
          f.i64("amount", e.amount);
          return finish_event<order_event>(f, std::move(e));
        });
  c.add(event_names::shipped, [](simdjson::ondemand::object& o) -> result {
    order_shipped e;
    json_fields f{o};
    f.str("tracking_number", e.tracking_number);
    return finish_event<order_event>(f, std::move(e));
  });
  c.add(event_names::canceled, [](simdjson::ondemand::object& o) -> result {
    order_canceled e;
    json_fields f{o};
    f.str("reason", e.reason);
    return finish_event<order_event>(f, std::move(e));
  });
  c.add(event_names::refunded, [](simdjson::ondemand::object& o) -> result {
    order_refunded e;
    json_fields f{o};
    f.i64("amount", e.amount).str("reason", e.reason);
    return finish_event<order_event>(f, std::move(e));
  });
  add_plain<order_fulfilled>(c, event_names::fulfilled);
  add_plain<order_delivered>(c, event_names::delivered);
  add_plain<order_completed>(c, event_names::completed);
  return c;
}

} // namespace

new_event encode(const order_event& event) {
  return encode_event<encoder>(event);
}

const event_codec<order_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::order
