#include "actors/promotion/promotion_usage.hpp"

#include "actors/runtime/event_json.hpp"
#include "actors/runtime/json_fields.hpp"

namespace souk::promotion {

namespace {

using events = std::vector<usage_event>;
using result = expected<usage_event, std::string>;

struct decider {
  const usage_state& s;

  decision operator()(const use& c) {
    if (s.orders.count(c.order_id))
      return events{}; // a retry: it holds its use already
    if (c.limit > 0 && static_cast<std::int64_t>(s.orders.size()) >= c.limit)
      return domain_error{domain_errc::illegal_transition,
                          "The promotion code " + c.code
                            + " has been used up"};
    return events{used{c.order_id, c.by, c.at}};
  }
  decision operator()(const release& c) {
    if (!s.orders.count(c.order_id))
      return events{};
    return events{use_released{c.order_id, c.by, c.at}};
  }
  decision operator()(const get_usage&) { return events{}; }
};

struct folder {
  usage_state& s;

  void operator()(const used& e) { s.orders.insert(e.order_id); }
  void operator()(const use_released& e) { s.orders.erase(e.order_id); }
};

struct encoder {
  json_writer& w;

  const char* operator()(const used& e) {
    w.key("order_id").value(e.order_id);
    return event_names::used;
  }
  const char* operator()(const use_released& e) {
    w.key("order_id").value(e.order_id);
    return event_names::use_released;
  }
};

template <class Event>
result order_event(simdjson::ondemand::object& o) {
  Event e;
  json_fields f{o};
  f.str("order_id", e.order_id);
  return finish_event<usage_event>(f, std::move(e));
}

event_codec<usage_event> make_codec() {
  event_codec<usage_event> c;
  c.add(event_names::used, order_event<used>);
  c.add(event_names::use_released, order_event<use_released>);
  return c;
}

} // namespace

decision decide(const usage_state& s, const usage_command& c) {
  return std::visit(decider{s}, c);
}

usage_state evolve(usage_state s, const usage_event& e) {
  std::visit(folder{s}, e);
  ++s.version;
  return s;
}

new_event encode(const usage_event& e) {
  return encode_event<encoder>(e);
}

const event_codec<usage_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::promotion
