#include "actors/inventory/inventory.hpp"

#include "actors/runtime/event_json.hpp"

namespace souk::inventory {

namespace {

using events = std::vector<inventory_event>;
using result = expected<inventory_event, std::string>;

struct decider {
  const inventory_state& s;

  decision operator()(const set_stock& c) {
    if (c.quantity < 0)
      return domain_error{domain_errc::invalid_argument,
                          "stock must not be negative"};
    if (c.quantity == s.stocked && s.version > 0)
      return events{};
    return events{stock_set{c.quantity, c.by, c.at}};
  }
  decision operator()(const reserve& c) {
    if (s.reservations.count(c.reservation_id) > 0)
      return events{};
    if (c.quantity < 1)
      return domain_error{domain_errc::invalid_argument,
                          "a reservation needs at least one unit"};
    if (c.quantity > s.available())
      return domain_error{domain_errc::illegal_transition,
                          "out of stock: " + std::to_string(s.available())
                            + " available, " + std::to_string(c.quantity)
                            + " requested"};
    return events{units_reserved{c.reservation_id, c.quantity, c.by, c.at}};
  }
  decision operator()(const release& c) {
    if (s.reservations.count(c.reservation_id) == 0)
      return events{};
    return events{reservation_released{c.reservation_id, c.by, c.at}};
  }
  decision operator()(const get_stock&) { return events{}; }
};

struct folder {
  inventory_state& s;

  void operator()(const stock_set& e) { s.stocked = e.quantity; }
  void operator()(const units_reserved& e) {
    s.reservations[e.reservation_id] = e.quantity;
    s.reserved += e.quantity;
  }
  void operator()(const reservation_released& e) {
    auto i = s.reservations.find(e.reservation_id);
    if (i == s.reservations.end())
      return;
    s.reserved -= i->second;
    s.reservations.erase(i);
  }
};

struct encoder {
  json_writer& w;

  const char* operator()(const stock_set& e) {
    w.key("quantity").value(e.quantity);
    return "inventory.stock_set.v1";
  }
  const char* operator()(const units_reserved& e) {
    w.key("reservation_id").value(e.reservation_id);
    w.key("quantity").value(e.quantity);
    return "inventory.units_reserved.v1";
  }
  const char* operator()(const reservation_released& e) {
    w.key("reservation_id").value(e.reservation_id);
    return "inventory.reservation_released.v1";
  }
};

event_codec<inventory_event> make_codec() {
  event_codec<inventory_event> c;
  c.add("inventory.stock_set.v1", [](simdjson::ondemand::object& o) -> result {
    stock_set e;
    json_fields f{o};
    f.i64("quantity", e.quantity);
    return finish_event<inventory_event>(f, std::move(e));
  });
  c.add("inventory.units_reserved.v1",
        [](simdjson::ondemand::object& o) -> result {
          units_reserved e;
          json_fields f{o};
          f.str("reservation_id", e.reservation_id).i64("quantity", e.quantity);
          return finish_event<inventory_event>(f, std::move(e));
        });
  c.add("inventory.reservation_released.v1",
        [](simdjson::ondemand::object& o) -> result {
          reservation_released e;
          json_fields f{o};
          f.str("reservation_id", e.reservation_id);
          return finish_event<inventory_event>(f, std::move(e));
        });
  return c;
}

} // namespace

decision decide(const inventory_state& s, const inventory_command& c) {
  return std::visit(decider{s}, c);
}

inventory_state evolve(inventory_state s, const inventory_event& e) {
  std::visit(folder{s}, e);
  ++s.version;
  return s;
}

new_event encode(const inventory_event& e) {
  return encode_event<encoder>(e);
}

const event_codec<inventory_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::inventory
