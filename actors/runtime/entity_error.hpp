#pragma once

#include <string>
#include <string_view>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/error_code.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// Why a command to an entity failed, whatever the layer: the domain refused
/// it, the store failed, the runtime was overloaded or the handler crashed.
/// `code` is one of the layers' enums and maps to HTTP in one place;
/// `message` is fit for the client. It travels in-process only (replies are
/// `CAF_ALLOW_UNSAFE_MESSAGE_TYPE`), so it has no wire format.
struct entity_error {
  error_code code;
  std::string message;
  /// True when the same command may succeed later.
  bool retriable = false;

  entity_error() = default;

  entity_error(error_code code, std::string message, bool retriable = false)
    : code(code), message(std::move(message)), retriable(retriable) {
    // nop
  }

  static entity_error from(const domain_error& e) {
    return {e.code, e.message, false};
  }

  static entity_error from(const store_error& e) {
    return {e.code, e.message,
            e.retriable() || e.code == store_errc::version_conflict};
  }
};

} // namespace souk
