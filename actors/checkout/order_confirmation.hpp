#pragma once

#include <functional>
#include <memory>
#include <string>

#include "actors/notifications/message_template.hpp"
#include "actors/notifications/notifier.hpp"
#include "actors/runtime/events.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::checkout {

inline constexpr const char* confirmation_workflow = "order-confirmation";

/// Mails the customer an order confirmation; input: what
/// `confirmation_input` makes of an `order.placed` event. The notification's
/// cause is "order.placed:<order id>", so a redelivered event or a retried
/// step never mails twice. An order without an e-mail is skipped.
workflows::workflow_definition
order_confirmation_workflow(std::shared_ptr<notifications::notifier> notifier,
                            std::shared_ptr<workflows::step_pool> pool,
                            notifications::message_template message);

/// The confirmation's default text and HTML; fields: `display_id`, `total`
/// ("12.95 eur").
notifications::message_template confirmation_message();

/// The workflow's key for an `order.placed` event.
std::string confirmation_key(const recorded_event& placed);

/// The workflow's input for an `order.placed` event: order id, e-mail,
/// display id, total and currency.
std::string confirmation_input(const recorded_event& placed);

} // namespace souk::checkout
