#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace souk::ticket {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* brief_updated = "ticket.brief_updated.v1";
inline constexpr const char* moved = "ticket.moved.v1";
inline constexpr const char* note_added = "ticket.note_added.v1";
inline constexpr const char* opened = "ticket.opened.v1";
} // namespace event_names

/// Where a ticket is on the board. `none`: it does not exist yet.
enum class ticket_status {
  none,
  brief_received,
  designing_artwork,
  fulfilling,
  delivered,
};

// Every event records who caused it (`by`) and when (`at`, Unix ms UTC).
// Persisted names: see ticket_codec.cpp.

/// One order item became a ticket, with the customer's artwork brief.
struct ticket_opened {
  std::string order_id;
  std::string line_item_id;
  std::string customer_id;
  std::string title;
  std::string brief;
  std::string by;
  std::int64_t at = 0;
};

struct brief_updated {
  std::string brief;
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

struct ticket_moved {
  ticket_status from = ticket_status::none;
  ticket_status to = ticket_status::none;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const ticket_moved&, const ticket_moved&) = default;
};

using ticket_event
  = std::variant<ticket_opened, brief_updated, note_added, ticket_moved>;

} // namespace souk::ticket
