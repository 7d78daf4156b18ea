#pragma once

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "actors/runtime/events.hpp"

namespace souk {

/// Maps persisted event names ("ticket.moved.v1") to decoders of one entity's
/// event type. The names are the contract with stored rows: renaming a C++
/// type never orphans them.
template <class Event>
class event_codec {
public:
  /// Reads one payload object; returns the event or why the payload is bad.
  using decode_fn
    = std::function<expected<Event, std::string>(simdjson::ondemand::object&)>;

  /// Registers `type`. Throws std::logic_error for a name registered twice:
  /// that is a programming error, caught at start-up.
  void add(std::string type, decode_fn fn) {
    if (!decoders_.emplace(type, std::move(fn)).second)
      throw std::logic_error("event type registered twice: " + type);
  }

  bool knows(const std::string& type) const {
    return decoders_.count(type) > 0;
  }

  /// Every registered name, sorted: the stored formats this codec must keep
  /// reading (tests/data/events holds a fixture of each).
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(decoders_.size());
    for (auto& [type, fn] : decoders_)
      out.push_back(type);
    std::sort(out.begin(), out.end());
    return out;
  }

  /// Decodes a stored event. Fails with `decode_failed` and a message naming
  /// the stream, the version and the reason when the type is unknown or the
  /// payload does not match it.
  expected<Event, store_error> decode(const recorded_event& ev) const {
    auto where = "stream '" + ev.stream_id + "' version "
                 + std::to_string(ev.version) + ": ";
    auto i = decoders_.find(ev.type);
    if (i == decoders_.end())
      return fail(where + "unknown event type '" + ev.type + "'");
    thread_local simdjson::ondemand::parser parser;
    simdjson::padded_string json{ev.data};
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    if (auto err = parser.iterate(json).get(doc))
      return fail(where + "undecodable payload of '" + ev.type
                  + "': " + simdjson::error_message(err));
    if (auto err = doc.get_object().get(obj))
      return fail(where + "undecodable payload of '" + ev.type
                  + "': " + simdjson::error_message(err));
    auto decoded = i->second(obj);
    if (!decoded)
      return fail(where + "undecodable payload of '" + ev.type
                  + "': " + decoded.error());
    return std::move(*decoded);
  }

private:
  static store_error fail(std::string message) {
    return store_error{store_errc::decode_failed, std::move(message)};
  }

  std::unordered_map<std::string, decode_fn> decoders_;
};

} // namespace souk
