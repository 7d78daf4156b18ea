#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/cart/cart_entity.hpp"
#include "actors/catalog/catalog_view.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/payment/payment_provider.hpp"
#include "actors/promotion/promotion_usage.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/workflows/execution_state.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::checkout {

/// The actors a checkout talks to, and the catalog it checks the cart
/// against.
struct checkout_actors {
  entity_ref<cart::cart_domain> carts;
  entity_ref<inventory::inventory_domain> inventory;
  entity_ref<order::order_domain> orders;
  entity_ref<order::numbers_domain> order_numbers;
  std::shared_ptr<payment::payment_provider> payments;
  /// Required: the prices and products a checkout must still match.
  const catalog::catalog_view* catalog = nullptr;
  /// The uses of limited promotion codes.
  entity_ref<promotion::usage_domain> promotion_uses;
};

inline constexpr const char* workflow_name = "complete-cart";

/// Medusa's complete-cart as a durable workflow; input {"cart_id": ...}:
///
///   validate      locks the cart, once it has items, a shipping method and
///                 a payment session and every line still matches the
///                 catalog (product published, same price); chooses the
///                 order's id (a random `order_…`); output: what the order
///                 will be (a snapshot)      (compensate: unlock the cart)
///   reserve       one unit reservation per line, at the variant's
///                 inventory actor           (compensate: release them)
///   use codes     one use of each limited promotion code the cart holds,
///                 at the code's usage actor: a code used up since it was
///                 applied fails the checkout (compensate: give them back)
///   authorize     the payment provider      (compensate: cancel it)
///   create order  claims the next display id, places the order and
///                 records the authorisation on it
///                                           (compensate: cancel the order)
///   complete cart marks the cart completed with the order's id
///
/// Every step is idempotent under retry: keys derive from the order id,
/// which is chosen once per execution and kept in the validate step's
/// recorded output, so a retry or a resume after a crash places one order.
/// The order id says nothing about the cart.
workflows::workflow_definition checkout_workflow(checkout_actors actors);

/// The order a completed checkout execution placed (the "create order"
/// step's output); empty when it placed none.
std::string placed_order_id(const workflows::execution_state& e);

/// The reservation of one order line at the variant's inventory item:
/// "<order id>:<line id>". (Orders whose id was derived from their cart,
/// before ids were random, reserved as "<cart id>:<line id>".)
std::string reservation_id(const std::string& order_id,
                           const std::string& cart_id,
                           const std::string& line_id);

} // namespace souk::checkout
