#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "actors/ticket/ticket_events.hpp"

namespace souk::ticket {

struct open_ticket {
  std::string order_id;
  std::string line_item_id;
  std::string customer_id;
  std::string title;
  std::string brief;
  std::string by;
  std::int64_t at = 0;
};

/// Replaces the brief; not once the ticket is delivered.
struct update_brief {
  std::string brief;
  std::string by;
  std::int64_t at = 0;
};

/// Adds a note. `note_id` is chosen by the caller, so a retried request
/// adds the note once.
struct add_note {
  std::string note_id;
  std::string text;
  bool internal = false;
  std::string by;
  std::int64_t at = 0;
};

/// Moves the ticket one column forward or back on the board.
struct move_ticket {
  ticket_status to = ticket_status::none;
  std::string by;
  std::int64_t at = 0;
};

using ticket_command
  = std::variant<open_ticket, update_brief, add_note, move_ticket>;

} // namespace souk::ticket
