#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace souk {

/// Why an entity refused a command. Mapped to HTTP in one place (http/).
enum class domain_errc : std::uint8_t {
  /// The command is not allowed in the entity's current state (409).
  illegal_transition = 1,
  /// The command's own data is invalid, e.g. a negative amount (400).
  invalid_argument,
  /// The entity does not exist yet and the command needs it (404).
  not_found,
  /// The entity exists already and the command would create it (409).
  already_exists,
  /// The payment provider refused to authorise the amount (400).
  payment_refused,
  /// The client wrote against a version the entity is no longer at (409):
  /// it should read the entity again before deciding.
  stale_version,
};

/// Stable name of a domain code, e.g. "not_found".
std::string_view to_string(domain_errc code) noexcept;

/// A refusal with a message fit for the client: it names what was asked
/// and why it cannot be done.
struct domain_error {
  domain_errc code;
  std::string message;

  friend bool operator==(const domain_error&, const domain_error&) = default;
};

} // namespace souk
