#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/ticket/ticket_events.hpp"

namespace souk::ticket {

/// Stable name, e.g. "designing_artwork".
std::string_view to_string(ticket_status status) noexcept;

/// The status named `name`, if any.
std::optional<ticket_status> parse_status(std::string_view name) noexcept;

struct ticket_note {
  std::string note_id;
  std::string text;
  bool internal = false;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const ticket_note&, const ticket_note&) = default;
};

/// A ticket folded from its events. The full history is the stream itself;
/// `moves` keeps the board moves for quick display.
struct ticket_state {
  std::int64_t version = 0;
  ticket_status status = ticket_status::none;
  std::string order_id;
  std::string line_item_id;
  std::string customer_id;
  std::string title;
  std::string brief;
  std::vector<ticket_note> notes;
  std::vector<ticket_moved> moves;
  std::int64_t opened_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const ticket_state&, const ticket_state&) = default;
};

/// Folds one event into the state (and counts it in `version`).
ticket_state evolve(ticket_state state, const ticket_event& event);

} // namespace souk::ticket
