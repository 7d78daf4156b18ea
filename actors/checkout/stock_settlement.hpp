#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/inventory/inventory.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/events.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::checkout {

// What happens to an order's reserved stock after checkout. A checkout
// reserves a unit count per line; the order then either
//
//   - is cancelled (`order.canceled`): the reservations are released, the
//     units are available again;
//   - is fulfilled (`order.fulfilled`, POST /admin/orders/:id/fulfillments):
//     the reservations are consumed, the stocked quantity goes down by
//     them. As in Medusa, stock leaves at fulfilment, not at shipment; an
//     order cannot be cancelled once fulfilled, so the two never meet.
//
// A durable subscriber of those two event types starts the `order-stock`
// workflow once per event (key "order-stock:<stream>:<event type>"). Its
// step reads the order and releases or consumes each line's reservation;
// both are no change for a reservation that is gone, so a redelivered
// event, a retried step or a resumed execution settle each line once.

inline constexpr const char* stock_workflow = "order-stock";

/// The order events the subscriber follows.
std::vector<std::string> stock_event_types();

/// The workflow's key for an order event: one execution per event.
std::string stock_key(const recorded_event& ev);

/// The workflow's input for an order event:
/// {"order_id", "action": "release" | "consume"}.
std::string stock_input(const recorded_event& ev);

/// The workflow: one step, `settle`, retried; it asks `orders` for the
/// order's lines and `inventory` to release or consume their reservations.
workflows::workflow_definition
stock_settlement_workflow(entity_ref<order::order_domain> orders,
                          entity_ref<inventory::inventory_domain> inventory);

} // namespace souk::checkout
