#include "actors/runtime/store_error.hpp"

namespace souk {

std::string_view to_string(store_errc code) noexcept {
  switch (code) {
  case store_errc::version_conflict:
    return "version_conflict";
  case store_errc::unavailable:
    return "unavailable";
  case store_errc::outcome_unknown:
    return "outcome_unknown";
  case store_errc::overloaded:
    return "overloaded";
  case store_errc::invalid_argument:
    return "invalid_argument";
  case store_errc::decode_failed:
    return "decode_failed";
  case store_errc::failure:
    return "failure";
  }
  return "unknown";
}

} // namespace souk
