#pragma once

#include <optional>
#include <string>

#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

// The JSON of the parts events and snapshots share. Writers write the
// fields into the object the caller opened; readers read them back and
// return the problem, if any.

/// ["a", "b"]
void write_strings(json_writer& w, const std::vector<std::string>& list);

/// {"text", "colors", "print_size", "quantity_notes", "reference_urls"}
void write_brief(json_writer& w, const ticket_brief& b);
std::optional<std::string> read_brief(simdjson::ondemand::object& o,
                                      ticket_brief& out);

/// "id", "filename", "content_type", "size", "sha256"
void write_file_fields(json_writer& w, const ticket_file& f);
std::optional<std::string> read_file(simdjson::ondemand::object& o,
                                     ticket_file& out);

/// "from", "to" and (when given) "reason"; the caller writes "by" and
/// "at" as for any event.
void write_move_fields(json_writer& w, const ticket_moved& m);
/// A move with its "by" and "at".
std::optional<std::string> read_move(simdjson::ondemand::object& o,
                                     ticket_moved& out);

} // namespace souk::ticket
