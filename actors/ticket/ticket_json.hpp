#pragma once

#include <optional>
#include <string>

#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

// The JSON of a board move, shared by the event codec and the snapshot:
// {"from": "...", "to": "...", "by": "...", "at": ...}.

/// Writes "from" and "to"; the caller writes "by" and "at" as for any event.
inline void write_move_fields(json_writer& w, const ticket_moved& m) {
  w.key("from").value(to_string(m.from)).key("to").value(to_string(m.to));
}

/// Reads a move into `out`; the problem, if any.
inline std::optional<std::string> read_move(simdjson::ondemand::object& o,
                                            ticket_moved& out) {
  std::string from;
  std::string to;
  json_fields f{o};
  f.str("from", from).str("to", to).str("by", out.by).i64("at", out.at);
  if (f.error())
    return f.error();
  auto parsed_from = parse_status(from);
  auto parsed_to = parse_status(to);
  if (!parsed_from || !parsed_to)
    return "unknown ticket status '" + (parsed_from ? to : from) + "'";
  out.from = *parsed_from;
  out.to = *parsed_to;
  return std::nullopt;
}

} // namespace souk::ticket
