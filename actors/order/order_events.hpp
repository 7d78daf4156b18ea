#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace souk::order {

/// One line of an order. Money is in minor units of the order's currency.
struct order_line {
  std::string line_id;
  std::string variant_id;
  std::string title;
  std::int64_t quantity = 0;
  std::int64_t unit_price = 0;

  friend bool operator==(const order_line&, const order_line&) = default;
};

/// What a storefront checkout adds to an order. Money in minor units;
/// `shipping_address` is the address as JSON ("null" when none).
struct checkout_details {
  std::string cart_id;
  std::string email;
  std::string region_id;
  std::string sales_channel_id;
  /// Human number, sequential per store.
  std::int64_t display_id = 0;
  std::string shipping_method;
  std::int64_t shipping_total = 0;
  std::int64_t tax_total = 0;
  std::string shipping_address = "null";
  /// The part of `tax_total` on shipping (absent in early events: 0).
  std::int64_t shipping_tax_total = 0;
  /// What promotions took off the items, before tax, and their codes
  /// (absent in early events: none).
  std::int64_t discount_total = 0;
  std::vector<std::string> promotion_codes{};
  /// The tax the discount saved (in `tax_total` no more).
  std::int64_t discount_tax_total = 0;

  friend bool operator==(const checkout_details&, const checkout_details&)
    = default;
};

// Every event records who caused it (`by`, e.g. "customer:cus_1") and when
// (`at`, Unix milliseconds, UTC). Persisted names: see order_codec.cpp.

struct order_placed {
  std::string customer_id;
  std::string currency_code;
  std::vector<order_line> items;
  /// Lines plus shipping, less the discount, plus tax.
  std::int64_t total = 0;
  std::string by;
  std::int64_t at = 0;
  checkout_details checkout;
};

struct payment_authorized {
  std::string payment_id;
  std::int64_t amount = 0;
  std::string by;
  std::int64_t at = 0;
};

struct payment_captured {
  std::int64_t amount = 0;
  std::string by;
  std::int64_t at = 0;
};

struct order_fulfilled {
  std::string by;
  std::int64_t at = 0;
};

struct order_shipped {
  std::string tracking_number;
  std::string by;
  std::int64_t at = 0;
};

struct order_delivered {
  std::string by;
  std::int64_t at = 0;
};

struct order_completed {
  std::string by;
  std::int64_t at = 0;
};

struct order_canceled {
  std::string reason;
  std::string by;
  std::int64_t at = 0;
};

struct order_refunded {
  std::int64_t amount = 0;
  std::string reason;
  std::string by;
  std::int64_t at = 0;
};

using order_event
  = std::variant<order_placed, payment_authorized, payment_captured,
                 order_fulfilled, order_shipped, order_delivered,
                 order_completed, order_canceled, order_refunded>;

} // namespace souk::order
