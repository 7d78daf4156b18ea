#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/order/order_events.hpp"

namespace souk::order {

// Every command says who asks (`by`) and when (`at`, Unix ms UTC): decide
// stays pure, with no clock of its own.

/// Records an authorisation of exactly the order total.
struct authorize_payment {
  std::string payment_id;
  std::int64_t amount = 0;
  std::string by;
  std::int64_t at = 0;
};

/// Creates the order. The total is computed from the lines, shipping and
/// tax, never trusted.
struct place_order {
  std::string customer_id;
  std::string currency_code;
  std::vector<order_line> items;
  std::string by;
  std::int64_t at = 0;
  checkout_details checkout;
  /// Authorised with the order, in the same append (checkout).
  std::optional<authorize_payment> payment;
};

/// Captures `amount` of the authorised money (0 = all of it).
struct capture_payment {
  std::int64_t amount = 0;
  std::string by;
  std::int64_t at = 0;
  /// The amount as the client wrote it, in major units of the order's
  /// currency ("12.50"); when set it replaces `amount` (the order knows
  /// its currency, the caller need not ask).
  std::optional<std::string> major_amount = std::nullopt;
};

struct fulfill_order {
  std::string by;
  std::int64_t at = 0;
};

struct ship_order {
  std::string tracking_number;
  std::string by;
  std::int64_t at = 0;
};

struct mark_delivered {
  std::string by;
  std::int64_t at = 0;
};

struct complete_order {
  std::string by;
  std::int64_t at = 0;
};

/// Allowed until the order is fulfilled.
struct cancel_order {
  std::string reason;
  std::string by;
  std::int64_t at = 0;
};

/// Gives back up to the captured amount not yet refunded.
struct refund_payment {
  std::int64_t amount = 0;
  std::string reason;
  std::string by;
  std::int64_t at = 0;
  /// The amount as the client wrote it, in major units of the order's
  /// currency ("12.50"); when set it replaces `amount` (the order knows
  /// its currency, the caller need not ask).
  std::optional<std::string> major_amount = std::nullopt;
};

/// Reads the order.
struct get_order {};

using order_command
  = std::variant<place_order, authorize_payment, capture_payment, fulfill_order,
                 ship_order, mark_delivered, complete_order, cancel_order,
                 refund_payment, get_order>;

} // namespace souk::order
