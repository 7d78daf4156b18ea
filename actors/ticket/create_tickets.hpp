#pragma once

#include <functional>
#include <optional>
#include <string>

#include "actors/catalog/catalog_view.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/event_store_ref.hpp"
#include "actors/runtime/events.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::ticket {

inline constexpr const char* create_tickets_workflow = "create-tickets";

/// The event the workflow ends with, on stream "tickets-<order id>":
/// {order_id, order_display_id, customer_id, email, backfill, tickets: [{id,
/// display_id, product_title, variant_title, quantity}]}.
inline constexpr const char* tickets_created = "tickets.created.v1";
inline constexpr const char* tickets_created_prefix = "tickets-";

/// What the workflow works with.
struct create_tickets_deps {
  entity_ref<order::order_domain> orders;
  entity_ref<ticket_domain> tickets;
  /// For the variants' titles (the order keeps the product's).
  const catalog::catalog_view* catalog = nullptr;
  event_store_ref store;
  /// Called after each ticket the step opened (1, 2, ...); a message fails
  /// the try there. For tests of retries and crashes; empty in production.
  std::function<std::optional<std::string>(const workflows::step_context&,
                                           std::size_t opened)>
    after_open;
  /// Called before `emit` appends; a message fails the try (tests).
  std::function<std::optional<std::string>(const workflows::step_context&)>
    before_emit;
};

/// `create-tickets`: step `resolve-order-items` reads the order (and fails
/// for good, saying so, when it has no items); step `create-tickets` opens
/// one ticket per item, tried 3 times 1 s apart. Ticket ids derive from
/// the order and the item (`ticket_id_for`), so a repeated try or a step
/// run again after a crash opens nothing twice; its last try, when it
/// fails, and its compensation, when a later step fails for good, void
/// them. Step `emit` appends `tickets.created` once (expected version 0).
workflows::workflow_definition create_tickets(create_tickets_deps deps);

/// The workflow's key for an `order.placed` event: "create-tickets:<order
/// id>", one execution per order.
std::string create_tickets_key(const recorded_event& placed);
/// Its input: {"order_id"}.
std::string create_tickets_input(const recorded_event& placed);
/// The same for an order id. A backfill's (`backfill`: opening tickets for
/// orders placed before the module was there) says so in its
/// `tickets.created`, and nobody is mailed about those old orders.
std::string create_tickets_key_for(const std::string& order_id);
std::string create_tickets_input_for(const std::string& order_id,
                                     bool backfill = false);

} // namespace souk::ticket
