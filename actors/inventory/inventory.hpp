#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/entity_host.hpp"
#include "actors/runtime/event_codec.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::inventory {

// One inventory item per variant (entity id = variant id): its actor
// serialises reservations, so 100 checkouts racing for the last 10 units
// get exactly 10 of them.

struct stock_set {
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

struct units_reserved {
  std::string reservation_id;
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

struct reservation_released {
  std::string reservation_id;
  std::string by;
  std::int64_t at = 0;
};

using inventory_event
  = std::variant<stock_set, units_reserved, reservation_released>;

/// Sets the units on hand (reservations stay).
struct set_stock {
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

/// Holds `quantity` units for `reservation_id`; the same id again is
/// answered with no change (a retried checkout step).
struct reserve {
  std::string reservation_id;
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

/// Gives the units of a reservation back; an unknown id is no change.
struct release {
  std::string reservation_id;
  std::string by;
  std::int64_t at = 0;
};

struct get_stock {};

using inventory_command = std::variant<set_stock, reserve, release, get_stock>;

struct inventory_state {
  std::int64_t version = 0;
  std::int64_t stocked = 0;
  std::int64_t reserved = 0;
  std::map<std::string, std::int64_t> reservations;

  std::int64_t available() const noexcept { return stocked - reserved; }
};

/// What a command answers: the item's levels after it (not the
/// reservations, which grow with the orders in flight).
struct stock_level {
  std::int64_t version = 0;
  std::int64_t stocked = 0;
  std::int64_t reserved = 0;

  std::int64_t available() const noexcept { return stocked - reserved; }
};

using decision = expected<std::vector<inventory_event>, domain_error>;

/// Pure. `reserve` past what is available is refused naming both numbers
/// (`illegal_transition`, "out of stock"); quantities below 1 (0 for stock)
/// are invalid.
decision decide(const inventory_state& s, const inventory_command& c);
inventory_state evolve(inventory_state s, const inventory_event& e);
new_event encode(const inventory_event& e);
const event_codec<inventory_event>& codec();

struct inventory_domain : without_snapshots<inventory_state> {
  using state_type = inventory_state;
  using command_type = inventory_command;
  using event_type = inventory_event;
  using reply_type = stock_level;
  static constexpr const char* kind = "inventory";

  static stock_level reply(const inventory_state& s, const inventory_command&) {
    return {s.version, s.stocked, s.reserved};
  }

  static std::string stream(const std::string& id) { return "inventory-" + id; }
  static decision decide(const inventory_state& s, const inventory_command& c) {
    return inventory::decide(s, c);
  }
  static inventory_state evolve(inventory_state s, const inventory_event& e) {
    return inventory::evolve(std::move(s), e);
  }
  static new_event encode(const inventory_event& e) {
    return inventory::encode(e);
  }
  static const event_codec<inventory_event>& codec() {
    return inventory::codec();
  }
};

} // namespace souk::inventory

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::inventory::inventory_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(
  souk::entity_reply<souk::inventory::inventory_domain>)
