#pragma once

#include <set>
#include <string>
#include <string_view>

#include "actors/runtime/expected.hpp"

namespace souk {

/// Medusa's `fields` query parameter: a comma-separated list where
/// `*relation` and `+field` add to the default fields, `-field` removes
/// one, and a bare `field` replaces the defaults with the fields listed.
/// souk writes what it has by default, so only bare and `-` entries change
/// an answer (see `project`), and only at the top level of each resource
/// (`items.id` keeps all of `items`; `-variants.options` is ignored);
/// handlers ask `wants` for the relations they write only on request (a
/// collection's products).
struct field_selection {
  /// Top-level names of the bare entries ("items.id" → "items"); empty
  /// when there are none (the defaults stay).
  std::set<std::string> only;
  /// The top-level `-` entries.
  std::set<std::string> removed;
  /// Every name added with `*` or `+`, whole ("variants.calculated_price").
  std::set<std::string> added;

  /// Whether `name` was asked for by name (`*name`, `+name` or `name`).
  bool wants(std::string_view name) const;
  bool changes_answer() const { return !only.empty() || !removed.empty(); }
};

/// The selection `fields` asks for, or the message for a malformed one
/// (a name must be letters, digits, `_` and `.`, with one `*`, `+` or `-`
/// in front at most).
expected<field_selection, std::string> parse_fields(std::string_view fields);

/// `body`, a JSON object, with every resource in it (an object value, or
/// each object of an array value: {cart}, {products: [...]}) cut to what
/// `s` selects: when there are bare names, those, `id` and the fields the
/// `*`/`+` entries name; less the removed ones. List counters (count, offset,
/// limit) stay. A body that is not a JSON object is returned unchanged.
std::string project(const std::string& body, const field_selection& s);

} // namespace souk
