#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// Why the runtime itself failed a request: neither the domain's refusal
/// nor the event store's failure.
enum class runtime_errc : std::uint8_t {
  /// A bounded queue (an entity host's) is full; nothing was done. Retry
  /// later.
  overloaded = 1,
  /// A part did not answer in time or went away (an ask timed out, an actor
  /// exited): the caller does not know the outcome. Retry.
  unavailable,
  /// A bug or unreadable data: a handler threw, a stream cannot be decoded,
  /// a step's output is not JSON. The details are in the log.
  internal,
  /// The workflow engine cannot take a start or a signal as given: input
  /// or payload that is not JSON, a signal for a step that does not wait.
  invalid_data,
};

/// Stable name of a runtime code, e.g. "overloaded".
std::string_view to_string(runtime_errc code) noexcept;

/// Why something failed, whatever the layer: one of the domain's, the
/// store's or the runtime's codes. Code decides on the enums
/// (`code == domain_errc::not_found`); the text forms are for logs, tests
/// and stored events. Mapped to HTTP in one table (http/entity_call).
class error_code {
public:
  using value_type = std::variant<domain_errc, store_errc, runtime_errc>;

  error_code() noexcept : value_(runtime_errc::internal) {
    // nop
  }

  error_code(domain_errc code) noexcept : value_(code) {
    // nop
  }

  error_code(store_errc code) noexcept : value_(code) {
    // nop
  }

  error_code(runtime_errc code) noexcept : value_(code) {
    // nop
  }

  const value_type& value() const noexcept { return value_; }

  /// The code as `Enum`, if it is one of those.
  template <class Enum>
  std::optional<Enum> as() const noexcept {
    if (auto* x = std::get_if<Enum>(&value_))
      return *x;
    return std::nullopt;
  }

  friend bool operator==(const error_code&, const error_code&) = default;

private:
  value_type value_;
};

/// The code's stable name, e.g. "not_found". Names repeat across layers
/// ("invalid_argument", "overloaded", "unavailable"): `qualified_name`
/// does not.
std::string_view to_string(const error_code& code) noexcept;

/// The layer and name, e.g. "domain.not_found", "store.unavailable",
/// "runtime.internal": what stored events keep.
std::string qualified_name(const error_code& code);

/// The code of a qualified name, or of a plain name looked up in the
/// domain's, then the store's, then the runtime's codes; nothing for a
/// name no layer has.
std::optional<error_code> parse_error_code(std::string_view text) noexcept;

/// Every code of every layer, domain first: for tables and their tests.
std::vector<error_code> all_error_codes();

std::ostream& operator<<(std::ostream& out, const error_code& code);

} // namespace souk
