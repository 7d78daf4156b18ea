#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/order/order_events.hpp"

namespace souk::order {

/// The lifecycle of an order. `none` means it does not exist yet.
enum class order_status {
  none,
  placed,
  payment_authorized,
  payment_captured,
  fulfilled,
  shipped,
  delivered,
  completed,
  canceled,
};

/// Stable name, e.g. "payment_authorized".
std::string_view to_string(order_status status) noexcept;

/// The status named `name`, if any.
std::optional<order_status> parse_status(std::string_view name) noexcept;

/// One entry of the order's history: a status change, who made it, when.
struct status_change {
  order_status from;
  order_status to;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const status_change&, const status_change&) = default;
};

/// An order folded from its events.
struct order_state {
  /// Events applied so far.
  std::int64_t version = 0;
  order_status status = order_status::none;
  std::string customer_id;
  std::string currency_code;
  std::vector<order_line> items;
  std::int64_t total = 0;
  checkout_details checkout;
  /// When it was placed (Unix ms).
  std::int64_t placed_at = 0;
  std::string payment_id;
  std::int64_t authorized = 0;
  std::int64_t captured = 0;
  std::int64_t refunded = 0;
  std::string tracking_number;
  std::string cancel_reason;
  std::vector<status_change> history;

  friend bool operator==(const order_state&, const order_state&) = default;
};

/// Folds one event into the state (and counts it in `version`). Never
/// fails: events are facts; `decide` made sure they fit.
order_state evolve(order_state state, const order_event& event);

} // namespace souk::order
