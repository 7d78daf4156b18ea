#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace souk {

/// What a bearer token says, as Medusa's tokens do.
struct token_claims {
  std::string actor_type; // "user" or "customer"
  std::string actor_id;   // empty for a customer still registering
  std::string auth_identity_id;
  std::string email;
  std::int64_t iat = 0; // Unix seconds
  std::int64_t exp = 0;
  /// When the password was checked: refreshes keep it, so a session ends
  /// `session_lifetime_s` after its sign-in however often it is refreshed.
  std::int64_t auth_time = 0;
};

/// Tokens live this long.
inline constexpr std::int64_t token_lifetime_s = 24 * 3600;
/// A sign-in lasts this long at most, refreshes included.
inline constexpr std::int64_t session_lifetime_s = 7 * 24 * 3600;

/// An HS256 JWT of `claims` signed with `secret` (libjwt).
std::string issue_token(const token_claims& claims, const std::string& secret);

/// The claims of `token` when its HS256 signature matches `secret` and it
/// has not expired at `now_s`; nothing otherwise (any other algorithm,
/// "none" included, is refused).
std::optional<token_claims> verify_token(std::string_view token,
                                         const std::string& secret,
                                         std::int64_t now_s);

} // namespace souk
