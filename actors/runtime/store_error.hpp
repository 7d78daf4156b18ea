#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace souk {

/// Why the event store refused or failed a request. Mapped to HTTP in one
/// place (http/), logged with `message`.
enum class store_errc : std::uint8_t {
  /// The stream is not at the expected version; nothing was written.
  /// `store_error::actual_version` holds the version found.
  version_conflict = 1,
  /// PostgreSQL is unreachable or the connection dropped; nothing was
  /// written. Safe to retry.
  unavailable,
  /// The connection dropped while a batch was committing and could not be
  /// re-established in time to find out whether it landed. Re-read the
  /// stream before retrying.
  outcome_unknown,
  /// The append queue is full. Retry later.
  overloaded,
  /// The request itself is malformed (no events, payload not JSON, ...).
  invalid_argument,
  /// A stored event could not be decoded (unknown type, bad payload).
  decode_failed,
  /// An unexpected database error; details are in the log.
  failure,
};

/// Stable name of an error code, e.g. "version_conflict".
std::string_view to_string(store_errc code) noexcept;

/// An error value of the event store.
struct store_error {
  store_errc code;
  std::string message;
  /// Only for `version_conflict`: the stream's version when it was checked.
  std::int64_t actual_version = -1;

  /// True when retrying the same request later can succeed.
  bool retriable() const noexcept {
    return code == store_errc::unavailable || code == store_errc::overloaded;
  }
};

} // namespace souk
