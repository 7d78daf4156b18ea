#pragma once

#include "actors/cart/cart_events.hpp"

namespace souk::cart {

struct payment_session {
  std::string id;
  std::string provider_id;
  std::int64_t amount = 0;

  friend bool operator==(const payment_session&, const payment_session&)
    = default;
};

/// A cart folded from its stream.
struct cart_state {
  std::int64_t version = 0;
  std::string id;
  bool exists = false;
  std::string region_id;
  std::string currency_code;
  std::int64_t tax_rate_bp = 0;
  std::string sales_channel_id;
  std::string customer_id;
  std::string email;
  std::string locale;
  std::optional<address> shipping_address;
  std::optional<address> billing_address;
  std::vector<line_item> items;
  std::optional<shipping_method> shipping;
  /// The promotions applied, as they were when applied, in that order.
  std::vector<catalog::promotion> promotions;
  std::string payment_collection_id;
  std::optional<payment_session> session;
  /// The checkout holding the cart (changes are refused), if any.
  std::string checkout_id;
  /// Set once completed: the order it became.
  std::string order_id;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t completed_at = 0;

  const line_item* find_item(const std::string& item_id) const;
  const line_item* find_variant(const std::string& variant_id) const;
};

cart_state evolve(cart_state s, const cart_event& e);

/// Items and shipping, what the promotions take off the items
/// (cart_promotions.hpp), the flat-rate tax on what is left (rounded half
/// up per line and for shipping) and the total.
cart_totals totals(const cart_state& s);

/// The flat-rate tax on `amount` (>= 0), rounded half up.
std::int64_t tax_of(std::int64_t amount, std::int64_t rate_bp);

} // namespace souk::cart
