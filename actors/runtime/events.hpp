#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// Who and what caused an event. Stored as the event's JSONB `metadata`.
struct event_metadata {
  /// Id of the command or event that caused this one.
  std::string causation_id;
  /// Id shared by everything one outside request set off.
  std::string correlation_id;
  /// Who caused it, e.g. "user:usr_01..." or "system".
  std::string actor;
};

/// An event about to be appended.
struct new_event {
  /// Stable persisted name, e.g. "ticket.moved.v1".
  std::string type;
  /// The payload: a JSON document (validated before it is queued).
  std::string data;
  event_metadata metadata;
  /// Unique id; generated (UUIDv7) when empty. Appending an id that is
  /// already stored fails the append.
  std::string event_id;
};

/// An event as committed to the store.
struct recorded_event {
  /// Place in the global feed: dense, starts at 1, in commit order.
  std::int64_t position = 0;
  std::string stream_id;
  /// Place in its stream: 1, 2, 3, ...
  std::int64_t version = 0;
  std::string event_id;
  std::string type;
  std::string data;
  event_metadata metadata;
  /// Time of the writing transaction, UTC.
  std::chrono::system_clock::time_point committed_at;
};

/// Expected version of a stream that does not exist yet.
inline constexpr std::int64_t no_stream = 0;

/// Expected version that skips the concurrency check.
inline constexpr std::int64_t any_version = -1;

/// Appends `events` to `stream_id` if the stream is at `expected_version`.
struct append_request {
  std::string stream_id;
  std::int64_t expected_version = no_stream;
  std::vector<new_event> events;
};

/// A successful append.
struct append_ok {
  /// The stream's version after the append.
  std::int64_t version = 0;
  /// Global positions of the first and last appended event.
  std::int64_t first_position = 0;
  std::int64_t last_position = 0;
};

using append_result = expected<append_ok, store_error>;

/// A stream's state folded up to `version`, so rehydration can skip events.
struct snapshot {
  std::string stream_id;
  std::int64_t version = 0;
  /// Persisted name of the state's schema, e.g. "ticket.state.v1".
  std::string type;
  /// The state as a JSON document.
  std::string state;
  std::chrono::system_clock::time_point taken_at;
};

} // namespace souk

namespace souk {

/// `metadata` as the JSON object stored beside an event; empty fields are
/// left out.
std::string to_json(const event_metadata& metadata);

/// Reads a stored metadata object; unknown keys and bad input are ignored
/// (metadata is informational, it never decides anything).
event_metadata metadata_from_json(std::string_view json);

/// True when `json` is one complete, valid JSON document.
bool is_valid_json(std::string_view json);

} // namespace souk
