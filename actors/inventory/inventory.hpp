#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/entity_host.hpp"
#include "actors/runtime/event_codec.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::inventory {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* reservation_consumed
  = "inventory.reservation_consumed.v1";
inline constexpr const char* reservation_released
  = "inventory.reservation_released.v1";
inline constexpr const char* stock_set = "inventory.stock_set.v1";
inline constexpr const char* units_reserved = "inventory.units_reserved.v1";
} // namespace event_names

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

/// The reserved units left the warehouse: out of stock and out of the
/// reservations.
struct reservation_consumed {
  std::string reservation_id;
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

using inventory_event
  = std::variant<stock_set, units_reserved, reservation_released,
                 reservation_consumed>;

/// Sets the units on hand (reservations stay).
struct set_stock {
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

/// Holds `quantity` units for `reservation_id`. The same id with the same
/// quantity again is answered with no change (a retried checkout step);
/// with another quantity it is refused (`already_exists`): a reservation is
/// never changed in place.
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

/// Takes the units of a reservation out of stock (the order was
/// fulfilled: the goods left). An unknown id — released, consumed before or
/// never made — is no change, so a redelivered fulfilment consumes once.
struct consume {
  std::string reservation_id;
  std::string by;
  std::int64_t at = 0;
};

struct get_stock {};

using inventory_command
  = std::variant<set_stock, reserve, release, consume, get_stock>;

struct inventory_state {
  std::int64_t version = 0;
  std::int64_t stocked = 0;
  std::int64_t reserved = 0;
  /// Open reservations only (released and consumed ones are dropped), so
  /// the state is as big as the orders in flight, not every order.
  std::map<std::string, std::int64_t> reservations;

  std::int64_t available() const noexcept { return stocked - reserved; }

  friend bool operator==(const inventory_state&, const inventory_state&)
    = default;
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

/// Persisted name of the snapshot schema below.
inline constexpr const char* state_type = "inventory.state.v1";

/// The whole state as JSON, for a snapshot.
std::string encode_state(const inventory_state& s);

/// A state from a snapshot; nullopt when it does not parse (the entity then
/// replays its whole stream instead).
std::optional<inventory_state> decode_state(std::string_view json);

struct inventory_domain {
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
  static constexpr const char* snapshot_type = inventory::state_type;
  static std::string encode_state(const inventory_state& s) {
    return inventory::encode_state(s);
  }
  static std::optional<inventory_state> decode_state(std::string_view json) {
    return inventory::decode_state(json);
  }
};

} // namespace souk::inventory

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::inventory::inventory_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(
  souk::entity_reply<souk::inventory::inventory_domain>)
