#include "actors/runtime/domain_error.hpp"

namespace souk {

std::string_view to_string(domain_errc code) noexcept {
  switch (code) {
  case domain_errc::illegal_transition:
    return "illegal_transition";
  case domain_errc::invalid_argument:
    return "invalid_argument";
  case domain_errc::not_found:
    return "not_found";
  case domain_errc::already_exists:
    return "already_exists";
  case domain_errc::payment_refused:
    return "payment_refused";
  case domain_errc::stale_version:
    return "stale_version";
  }
  return "unknown";
}

} // namespace souk
