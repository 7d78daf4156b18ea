#pragma once

#include <memory>
#include <variant>

#include "actors/cart/cart_types.hpp"
#include "actors/catalog/catalog_state.hpp"

namespace souk::cart {

// Commands carry what the route looked up in the catalog (prices, titles),
// new ids and the time: `decide` stays pure.

struct create_cart {
  std::string region_id;
  std::string currency_code;
  std::int64_t tax_rate_bp = 0;
  std::string sales_channel_id;
  std::string customer_id;
  std::string email;
  std::optional<address> shipping_address;
  std::string by;
  std::int64_t at = 0;
  /// When set, the region is the catalog's `region_id` (its first region
  /// when empty), and the currency and tax rate are the region's.
  std::shared_ptr<const catalog::catalog_state> catalog = nullptr;
  std::string locale{};
};

/// Changes the fields that are set. A new `region_id` (it needs `catalog`)
/// prices every line in the region's currency, and drops the shipping
/// method and payment session.
struct update_cart {
  std::optional<std::string> email;
  std::optional<address> shipping_address;
  std::optional<address> billing_address;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::string> locale{};
  std::optional<std::string> region_id{};
  std::shared_ptr<const catalog::catalog_state> catalog = nullptr;
  /// Promotion codes (they need `catalog`): the cart's codes become these
  /// (`replace`, Medusa's `promo_codes` on POST /store/carts/:id), or these
  /// are added or removed (POST and DELETE /store/carts/:id/promotions).
  /// An unknown code, or one the cart cannot take, is refused naming it.
  enum class codes { replace, add, remove };
  std::optional<std::vector<std::string>> promo_codes{};
  codes promo_mode = codes::replace;
};

/// Makes a guest's cart `customer_id`'s (Medusa's POST
/// /store/carts/:id/customer); again for the same customer: no change;
/// another customer's cart is refused.
struct transfer_cart {
  std::string customer_id;
  std::string email;
  std::string by;
  std::int64_t at = 0;
};

/// Adds `quantity` of a variant; a variant already in the cart gets the
/// quantity added to its line.
struct add_line_item {
  line_item item;
  std::string by;
  std::int64_t at = 0;
  /// When set, the line is priced from it: `item.variant_id` must be a
  /// variant of a published product with a price in the cart's currency;
  /// the titles, sku, product id and unit price come from it.
  std::shared_ptr<const catalog::catalog_state> catalog = nullptr;
};

/// Sets a line's quantity; 0 removes it.
struct update_line_item {
  std::string item_id;
  std::int64_t quantity = 0;
  std::string by;
  std::int64_t at = 0;
};

struct remove_line_item {
  std::string item_id;
  std::string by;
  std::int64_t at = 0;
};

struct add_shipping_method {
  shipping_method method;
  std::string by;
  std::int64_t at = 0;
  /// When set, the method is the catalog's option `method.option_id`,
  /// which must serve the cart's region; its name and amount come from it.
  std::shared_ptr<const catalog::catalog_state> catalog = nullptr;
};

struct create_payment_collection {
  std::string payment_collection_id;
  std::string by;
  std::int64_t at = 0;
};

struct create_payment_session {
  std::string payment_session_id;
  std::string provider_id;
  std::string by;
  std::int64_t at = 0;
};

/// Locks the cart for checkout `checkout_id` (the workflow execution):
/// until it ends or completes the cart, changes are refused. Checks that
/// the cart can be completed and that it is still what the catalog sells:
/// every line's product published, its variant there at the line's price,
/// the shipping option there at its amount. Again with the same id: no
/// change (the check was made when the lock was taken).
struct begin_checkout {
  std::string checkout_id;
  std::string by;
  std::int64_t at = 0;
  /// The catalog as it is now (required).
  std::shared_ptr<const catalog::catalog_state> catalog = nullptr;
};

/// Unlocks the cart after checkout `checkout_id` failed (its compensation);
/// no change when that checkout does not hold the lock.
struct end_checkout {
  std::string checkout_id;
  std::string by;
  std::int64_t at = 0;
};

/// Marks the cart completed: it became `order_id`. Again with the same
/// order: no change; with another order: refused (a cart is one order).
struct complete_cart {
  std::string order_id;
  std::string by;
  std::int64_t at = 0;
};

/// Reads the cart.
struct get_cart {};

using cart_command
  = std::variant<create_cart, update_cart, transfer_cart, add_line_item,
                 update_line_item, remove_line_item, add_shipping_method,
                 create_payment_collection, create_payment_session,
                 begin_checkout, end_checkout, complete_cart, get_cart>;

/// Most units of one line, and most lines in one cart.
inline constexpr std::int64_t max_quantity = 100000;
inline constexpr std::size_t max_lines = 200;
inline constexpr std::size_t max_promotions = 10;

} // namespace souk::cart
