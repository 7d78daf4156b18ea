#pragma once

#include <string>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// Why a command to an entity failed, whatever the layer: the domain refused
/// it, the store failed, the runtime was overloaded or the handler crashed.
/// `code` is stable ("illegal_transition", "version_conflict", "overloaded",
/// "internal", ...) and maps to HTTP in one place; `message` is fit for the
/// client.
struct entity_error {
  std::string code;
  std::string message;
  /// True when the same command may succeed later.
  bool retriable = false;

  static entity_error from(const domain_error& e) {
    return {std::string{to_string(e.code)}, e.message, false};
  }

  static entity_error from(const store_error& e) {
    return {std::string{to_string(e.code)}, e.message,
            e.retriable() || e.code == store_errc::version_conflict};
  }
};

} // namespace souk
