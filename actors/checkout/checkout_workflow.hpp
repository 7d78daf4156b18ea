#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/payment/payment_provider.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::checkout {

/// The actors a checkout talks to.
struct checkout_actors {
  caf::actor_system* sys = nullptr;
  caf::actor carts;
  caf::actor inventory;
  caf::actor orders;
  caf::actor order_numbers;
  std::shared_ptr<payment::payment_provider> payments;
};

inline constexpr const char* workflow_name = "complete-cart";

/// Medusa's complete-cart as a durable workflow; input {"cart_id": ...}:
///
///   validate      the cart has items, a shipping method and a payment
///                 session; output: what the order will be (a snapshot)
///   reserve       one unit reservation per line, at the variant's
///                 inventory actor       (compensate: release them)
///   authorize     the payment provider  (compensate: cancel it)
///   create order  claims the next display id, places the order and
///                 records the authorisation on it
///   complete cart marks the cart completed with the order's id
///
/// Every step is idempotent under retry (keys derive from the cart id), so
/// a crash between steps resumes without double effects. The order's id is
/// "order_" + the cart id's ULID.
workflows::workflow_definition checkout_workflow(checkout_actors actors);

/// The order a cart becomes.
std::string order_id_of(const std::string& cart_id);

} // namespace souk::checkout
