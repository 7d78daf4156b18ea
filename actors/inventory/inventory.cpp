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
    if (c.quantity < 1)
      return domain_error{domain_errc::invalid_argument,
                          "a reservation needs at least one unit"};
    if (auto held = s.reservations.find(c.reservation_id);
        held != s.reservations.end()) {
      if (held->second == c.quantity)
        return events{}; // a retry: it holds these units already
      return domain_error{domain_errc::already_exists,
                          "reservation " + c.reservation_id + " holds "
                            + std::to_string(held->second)
                            + " units; it cannot be made again for "
                            + std::to_string(c.quantity)};
    }
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
  decision operator()(const consume& c) {
    auto held = s.reservations.find(c.reservation_id);
    if (held == s.reservations.end())
      return events{};
    return events{
      reservation_consumed{c.reservation_id, held->second, c.by, c.at}};
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
  void operator()(const reservation_consumed& e) {
    auto i = s.reservations.find(e.reservation_id);
    if (i == s.reservations.end())
      return;
    s.stocked -= i->second;
    s.reserved -= i->second;
    s.reservations.erase(i);
  }
};

struct encoder {
  json_writer& w;

  const char* operator()(const stock_set& e) {
    w.key("quantity").value(e.quantity);
    return event_names::stock_set;
  }
  const char* operator()(const units_reserved& e) {
    w.key("reservation_id").value(e.reservation_id);
    w.key("quantity").value(e.quantity);
    return event_names::units_reserved;
  }
  const char* operator()(const reservation_released& e) {
    w.key("reservation_id").value(e.reservation_id);
    return event_names::reservation_released;
  }
  const char* operator()(const reservation_consumed& e) {
    w.key("reservation_id").value(e.reservation_id);
    w.key("quantity").value(e.quantity);
    return event_names::reservation_consumed;
  }
};

event_codec<inventory_event> make_codec() {
  event_codec<inventory_event> c;
  c.add(event_names::stock_set, [](simdjson::ondemand::object& o) -> result {
    stock_set e;
    json_fields f{o};
    f.i64("quantity", e.quantity);
    return finish_event<inventory_event>(f, std::move(e));
  });
  c.add(event_names::units_reserved,
        [](simdjson::ondemand::object& o) -> result {
          units_reserved e;
          json_fields f{o};
          f.str("reservation_id", e.reservation_id).i64("quantity", e.quantity);
          return finish_event<inventory_event>(f, std::move(e));
        });
  c.add(event_names::reservation_released,
        [](simdjson::ondemand::object& o) -> result {
          reservation_released e;
          json_fields f{o};
          f.str("reservation_id", e.reservation_id);
          return finish_event<inventory_event>(f, std::move(e));
        });
  c.add(event_names::reservation_consumed,
        [](simdjson::ondemand::object& o) -> result {
          reservation_consumed e;
          json_fields f{o};
          f.str("reservation_id", e.reservation_id).i64("quantity", e.quantity);
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

std::string encode_state(const inventory_state& s) {
  json_writer w;
  w.begin_object();
  w.key("version").value(s.version);
  w.key("stocked").value(s.stocked).key("reserved").value(s.reserved);
  w.key("reservations").begin_array();
  for (auto& [id, quantity] : s.reservations)
    w.begin_object()
      .key("reservation_id")
      .value(id)
      .key("quantity")
      .value(quantity)
      .end_object();
  w.end_array().end_object();
  return w.take();
}

std::optional<inventory_state> decode_state(std::string_view json) {
  return read_object(
    json,
    [](simdjson::ondemand::object& obj) -> std::optional<inventory_state> {
      inventory_state s;
      std::int64_t held = 0;
      json_fields f{obj};
      f.i64("version", s.version)
        .i64("stocked", s.stocked)
        .i64("reserved", s.reserved)
        .objects(
          "reservations",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
            std::string id;
            std::int64_t quantity = 0;
            json_fields g{o};
            g.str("reservation_id", id).i64("quantity", quantity);
            held += quantity;
            s.reservations[std::move(id)] = quantity;
            return g.error();
          });
      // `reserved` is the sum of the reservations: a snapshot that disagrees
      // is not trusted (the stream is replayed instead).
      if (f.error() || held != s.reserved)
        return std::nullopt;
      return s;
    });
}

} // namespace souk::inventory
