#pragma once

#include <variant>

#include "actors/cart/cart_types.hpp"
#include "actors/catalog/catalog_types.hpp"
#include "actors/runtime/event_codec.hpp"

namespace souk::cart {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* checkout_ended = "cart.checkout_ended.v1";
inline constexpr const char* checkout_started = "cart.checkout_started.v1";
inline constexpr const char* completed = "cart.completed.v1";
inline constexpr const char* created = "cart.created.v1";
inline constexpr const char* customer_transferred
  = "cart.customer_transferred.v1";
inline constexpr const char* promotions_set = "cart.promotions_set.v1";
inline constexpr const char* region_changed = "cart.region_changed.v1";
inline constexpr const char* details_updated = "cart.details_updated.v1";
inline constexpr const char* line_item_added = "cart.line_item_added.v1";
inline constexpr const char* line_item_quantity_changed
  = "cart.line_item_quantity_changed.v1";
inline constexpr const char* line_item_removed = "cart.line_item_removed.v1";
inline constexpr const char* payment_collection_created
  = "cart.payment_collection_created.v1";
inline constexpr const char* payment_session_created
  = "cart.payment_session_created.v1";
inline constexpr const char* shipping_method_set
  = "cart.shipping_method_set.v1";
} // namespace event_names

struct cart_created {
  std::string region_id;
  std::string currency_code;
  std::int64_t tax_rate_bp = 0;
  std::string sales_channel_id;
  std::string customer_id;
  std::string email;
  std::optional<address> shipping_address;
  std::string by;
  std::int64_t at = 0;
  /// A BCP 47 tag ("en-US"), "" for the store's default (added later: a
  /// stored event may have none).
  std::string locale{};
};

/// The contact fields as they are after the change.
struct cart_details_updated {
  std::string email;
  std::optional<address> shipping_address;
  std::optional<address> billing_address;
  std::string by;
  std::int64_t at = 0;
  std::string locale{};
};

/// A line's price in the cart's new currency.
struct line_price {
  std::string item_id;
  std::int64_t unit_price = 0;

  friend bool operator==(const line_price&, const line_price&) = default;
};

/// The cart moved to another region: its currency and tax rate are the
/// region's, every line is priced in that currency, and the shipping
/// method and payment session (priced in the old one) are gone.
struct cart_region_changed {
  std::string region_id;
  std::string currency_code;
  std::int64_t tax_rate_bp = 0;
  std::vector<line_price> prices;
  std::string by;
  std::int64_t at = 0;
};

/// The cart's promotions are these now, with their terms as they were
/// (what the cart shows until checkout checks them again).
struct cart_promotions_set {
  std::vector<catalog::promotion> promotions;
  std::string by;
  std::int64_t at = 0;
};

/// A guest's cart became the signed-in customer's (at sign-in).
struct cart_customer_transferred {
  std::string customer_id;
  std::string email;
  std::string by;
  std::int64_t at = 0;
};

struct line_item_added {
  line_item item;
  std::string by;
  std::int64_t at = 0;
};

struct line_item_quantity_changed {
  std::string item_id;
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

struct line_item_removed {
  std::string item_id;
  std::string by;
  std::int64_t at = 0;
};

struct shipping_method_set {
  shipping_method method;
  std::string by;
  std::int64_t at = 0;
};

struct payment_collection_created {
  std::string payment_collection_id;
  std::string by;
  std::int64_t at = 0;
};

/// A payment session with `provider_id` was opened for the cart's total.
struct payment_session_created {
  std::string payment_session_id;
  std::string provider_id;
  std::int64_t amount = 0;
  std::string by;
  std::int64_t at = 0;
};

struct checkout_started {
  std::string checkout_id;
  std::string by;
  std::int64_t at = 0;
};

struct checkout_ended {
  std::string checkout_id;
  std::string by;
  std::int64_t at = 0;
};

struct cart_completed {
  std::string order_id;
  std::string by;
  std::int64_t at = 0;
};

using cart_event
  = std::variant<cart_created, cart_details_updated, line_item_added,
                 line_item_quantity_changed, line_item_removed,
                 shipping_method_set, payment_collection_created,
                 payment_session_created, checkout_started, checkout_ended,
                 cart_completed, cart_region_changed, cart_customer_transferred,
                 cart_promotions_set>;

new_event encode(const cart_event& event);

/// An address as stored ("null" when there is none).
std::string address_json(const std::optional<address>& a);
const event_codec<cart_event>& codec();

} // namespace souk::cart
