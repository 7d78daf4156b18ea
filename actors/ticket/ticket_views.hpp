#pragma once

#include <string>
#include <vector>

#include "actors/runtime/json_writer.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

// What each side sees of a ticket; pure, so the API, the lists and the
// e-mails agree on it.

/// The two sides of a ticket.
enum class viewer { customer, support };

/// Something a side is expected to do next: `code` for programs
/// ("submit_brief"), `message` for people.
struct action {
  std::string code;
  std::string message;

  friend bool operator==(const action&, const action&) = default;
};

/// What `actions_for` needs of a ticket; the list's rows keep exactly this.
struct ticket_flags {
  ticket_status status = ticket_status::none;
  bool brief_empty = true;
  /// The latest proof's status, when there is one.
  std::optional<proof_status> latest_proof;
  /// Who wrote the latest note the customer sees (system: nobody yet).
  author_role last_public_note = author_role::system;

  friend bool operator==(const ticket_flags&, const ticket_flags&) = default;
};

ticket_flags flags_of(const ticket_state& s);

/// The customer's: `submit_brief` (an empty brief while the artwork is
/// open), `approve_proof` (a proof awaits their decision),
/// `reply_to_support` (support wrote last). Support's mirror:
/// `waiting_on_support` (the customer wrote last, or asked for changes to
/// the latest proof) and `waiting_on_customer` (any of the customer's).
std::vector<action> actions_for(const ticket_flags& f, viewer v);

/// Who did it, as `v` may know: a customer sees that support did
/// something, not which admin user ("" then).
std::string_view visible_author_id(std::string_view by, viewer v);

/// The notes `v` may see: a customer never sees internal ones.
std::vector<const ticket_note*> visible_notes(const ticket_state& s, viewer v);

/// One event of the ticket's stream, with its version.
struct versioned_event {
  std::int64_t version = 0;
  ticket_event event;
};

/// Whether `v` is not told of `e`: a customer of an internal note or an
/// assignment, nobody of a voiding (the ticket is gone). The history and
/// the live feed leave such events out.
bool hidden_from(const ticket_event& e, viewer v);

/// The history as `v` may see it, oldest first, as a JSON array: one
/// entry per change, {version, type, actor_id, actor_role, created_at,
/// ...what changed}: a move's from/to/reason, a brief's changed fields
/// (from and to), a note, a file, a proof decision, an assignment. A
/// customer's leaves out internal notes and assignments.
void write_history(json_writer& w, const std::vector<versioned_event>& events,
                   viewer v);

/// The id of the ticket for item `line_item_id` of order `order_id`:
/// "tkt_" and 26 characters of a SHA-256 of both ids. The same item always
/// has the same ticket, so a repeated step cannot open a second one, and
/// the id is as hard to guess as the order's.
std::string ticket_id_for(const std::string& order_id,
                          const std::string& line_item_id);

} // namespace souk::ticket
