#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "actors/ticket/ticket_types.hpp"

namespace souk::ticket {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md). The v1 names of `opened` and
/// `brief_updated` held the brief as one text; they are still read.
namespace event_names {
inline constexpr const char* assigned = "ticket.assigned.v1";
inline constexpr const char* attachment_added = "ticket.attachment_added.v1";
inline constexpr const char* brief_updated = "ticket.brief_updated.v2";
inline constexpr const char* brief_updated_v1 = "ticket.brief_updated.v1";
inline constexpr const char* moved = "ticket.moved.v1";
inline constexpr const char* note_added = "ticket.note_added.v1";
inline constexpr const char* opened = "ticket.opened.v2";
inline constexpr const char* opened_v1 = "ticket.opened.v1";
inline constexpr const char* proof_attached = "ticket.proof_attached.v1";
inline constexpr const char* proof_decided = "ticket.proof_decided.v1";
inline constexpr const char* voided = "ticket.voided.v1";
} // namespace event_names

/// Where a ticket is on the board. `none`: it does not exist yet.
enum class ticket_status {
  none,
  brief_received,
  designing_artwork,
  fulfilling,
  delivered,
};

// Every event records who caused it (`by`: "customer:cus_1", "user:user_1",
// "subscriber:create-tickets") and when (`at`, Unix ms UTC).

/// One order item became a ticket. `number` is the item's place in the
/// order (1, 2, ...): the ticket's display id is "<order display id>-<n>".
struct ticket_opened {
  std::string order_id;
  std::int64_t order_display_id = 0;
  std::int64_t number = 0;
  std::string line_item_id;
  std::string customer_id;
  std::string customer_email;
  std::string product_title;
  std::string variant_title;
  std::int64_t quantity = 0;
  ticket_brief brief;
  std::string by;
  std::int64_t at = 0;
};

/// The customer's new brief, whole (the history shows the difference).
struct brief_updated {
  ticket_brief brief;
  std::string by;
  std::int64_t at = 0;
};

/// A message on the ticket. Internal notes are for the support team only.
struct note_added {
  std::string note_id;
  std::string text;
  bool internal = false;
  std::string by;
  std::int64_t at = 0;
};

/// A move on the board; `reason` says why for a move back, or why support
/// went on to fulfilling without an approved proof.
struct ticket_moved {
  ticket_status from = ticket_status::none;
  ticket_status to = ticket_status::none;
  std::string reason;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const ticket_moved&, const ticket_moved&) = default;
};

/// The customer's own file (artwork, a logo).
struct attachment_added {
  ticket_file file;
  std::string by;
  std::int64_t at = 0;
};

/// Support's proof, awaiting the customer's decision.
struct proof_attached {
  ticket_file file;
  std::string by;
  std::int64_t at = 0;
};

/// The customer approved a proof or asked for changes (with a comment).
struct proof_decided {
  std::string proof_id;
  proof_status decision = proof_status::pending;
  std::string comment;
  std::string by;
  std::int64_t at = 0;
};

/// Support (re)assigned the ticket; an empty id: nobody.
struct ticket_assigned {
  std::string from;
  std::string to;
  std::string by;
  std::int64_t at = 0;
};

/// The ticket was withdrawn (the workflow that opened it was undone); it
/// is gone for everyone.
struct ticket_voided {
  std::string reason;
  std::string by;
  std::int64_t at = 0;
};

using ticket_event
  = std::variant<ticket_opened, brief_updated, note_added, ticket_moved,
                 attachment_added, proof_attached, proof_decided,
                 ticket_assigned, ticket_voided>;

} // namespace souk::ticket
