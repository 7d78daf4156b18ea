#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/ticket/ticket_events.hpp"

namespace souk::ticket {

// Every write carries who (`by`, whose prefix is the author's role, see
// `role_of`) and when (`at`), so `decide` needs no clock, and may carry the
// version the client saw: a different current version is refused as
// `stale_version`, so two agents moving one card cannot overwrite each
// other. Without one the write applies to the current state.

/// Opens the ticket of one order item. Opening it again with the same
/// order and item changes nothing: the workflow that opens tickets may
/// repeat a step.
struct open_ticket {
  ticket_opened details;
};

/// The fields of the brief to change; the others stay as they are.
struct brief_patch {
  std::optional<std::string> text = std::nullopt;
  std::optional<std::vector<std::string>> colors = std::nullopt;
  std::optional<std::string> print_size = std::nullopt;
  std::optional<std::string> quantity_notes = std::nullopt;
  std::optional<std::vector<std::string>> reference_urls = std::nullopt;

  /// Everything set: `b` whole.
  static brief_patch all_of(const ticket_brief& b) {
    return {b.text, b.colors, b.print_size, b.quantity_notes, b.reference_urls};
  }
};

/// Changes the brief (the customer's, while the artwork is not settled).
struct update_brief {
  brief_patch brief;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

/// Adds a note. `note_id` is chosen by the caller, so a retried request
/// adds the note once.
struct add_note {
  std::string note_id;
  std::string text;
  bool internal = false;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

/// Moves the ticket one column forward or back on the board.
struct move_ticket {
  ticket_status to = ticket_status::none;
  std::string reason;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

struct add_attachment {
  ticket_file file;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

struct attach_proof {
  ticket_file file;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

/// The customer's answer to proof `proof_id`: approved, or changes
/// requested (with a comment).
struct decide_proof {
  std::string proof_id;
  proof_status decision = proof_status::approved;
  std::string comment;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

/// Assigns an admin user (`assignee_id`), or nobody ("").
struct assign_ticket {
  std::string assignee_id;
  std::string by;
  std::int64_t at = 0;
  std::optional<std::int64_t> version = std::nullopt;
};

/// Withdraws the ticket (compensation of the workflow that opened it).
struct void_ticket {
  std::string reason;
  std::string by;
  std::int64_t at = 0;
};

/// Reads the ticket; changes nothing.
struct get_ticket {};

using ticket_command
  = std::variant<open_ticket, update_brief, add_note, move_ticket,
                 add_attachment, attach_proof, decide_proof, assign_ticket,
                 void_ticket, get_ticket>;

} // namespace souk::ticket
