#pragma once

#include <string>
#include <variant>

#include "actors/runtime/events.hpp"
#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk {

// The shape every domain event shares in JSON: its own fields, then "by"
// (who caused it) and "at" (Unix ms, UTC).

/// Encodes `event` (a variant of event structs with `by` and `at`) with
/// `Encoder{writer}`, which writes the event's own fields and returns its
/// persisted name.
template <class Encoder, class Variant>
new_event encode_event(const Variant& event) {
  json_writer w;
  w.begin_object();
  const char* type = std::visit(Encoder{w}, event);
  std::visit([&](auto& e) { w.key("by").value(e.by).key("at").value(e.at); },
             event);
  w.end_object();
  return {type, w.take(), {}, ""};
}

/// Reads "by" and "at" into `e` and returns it as a `Variant`, or the first
/// problem `f` met.
template <class Variant, class Event>
expected<Variant, std::string> finish_event(json_fields& f, Event e) {
  f.str("by", e.by).i64("at", e.at);
  if (f.error())
    return *f.error();
  return Variant{std::move(e)};
}

} // namespace souk
