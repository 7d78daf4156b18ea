#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/notifications/message_template.hpp"
#include "actors/notifications/notifier.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/events.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "actors/workflows/blocking_step.hpp"

namespace souk::ticket {

inline constexpr const char* ticket_mail_workflow = "ticket-mail";

/// The messages the tickets module sends, by name: to the customer when
/// their order's tickets are opened ("tickets-created"), a ticket moves
/// ("ticket-status-changed"), support writes a public note
/// ("ticket-support-replied") or attaches a proof ("ticket-proof-ready");
/// to the ticket's assignee when the customer writes
/// ("ticket-customer-wrote") or decides on a proof ("ticket-proof-decided").
std::vector<notifications::message_template> ticket_messages();

struct ticket_mail_deps {
  entity_ref<ticket_domain> tickets;
  std::shared_ptr<notifications::notifier> notifier;
  std::shared_ptr<workflows::step_pool> pool;
  /// The e-mail of an active admin user (blocks; nothing when none).
  std::function<std::optional<std::string>(const std::string& user_id)>
    user_email;
  /// The storefront's address; links go to its account and admin pages.
  std::string storefront_url;
  /// The messages by name (`ticket_messages()`, or a shop's own).
  std::function<const notifications::message_template&(const std::string&)>
    message;
};

/// `ticket-mail`: one step that writes the e-mail an event calls for and
/// sends it once (the notification's cause is the event: its stream and
/// version), or skips when nobody is to be told (no assignee, no e-mail).
workflows::workflow_definition ticket_mail(ticket_mail_deps deps);

/// The ticket events that may mail someone.
std::vector<std::string> ticket_mail_event_types();

/// The workflow's key for a ticket event, or "" when the event mails
/// nobody (an internal note): the starter then starts nothing.
std::string ticket_mail_key(const recorded_event& e);
/// Its input: the event's type, stream, version and data.
std::string ticket_mail_input(const recorded_event& e);

} // namespace souk::ticket
