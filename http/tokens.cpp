#include "http/tokens.hpp"

#include <cstdlib>
#include <memory>

#include <jwt.h>

namespace souk {

namespace {

using jwt_ptr = std::unique_ptr<jwt_t, decltype(&jwt_free)>;

const unsigned char* key_of(const std::string& secret) {
  return reinterpret_cast<const unsigned char*>(secret.data());
}

} // namespace

std::string issue_token(const token_claims& c, const std::string& secret) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0)
    return {};
  jwt_ptr jwt{raw, &jwt_free};
  jwt_add_grant(raw, "actor_type", c.actor_type.c_str());
  jwt_add_grant(raw, "actor_id", c.actor_id.c_str());
  jwt_add_grant(raw, "auth_identity_id", c.auth_identity_id.c_str());
  jwt_add_grant(raw, "auth_provider", "emailpass");
  jwt_add_grant(raw, "email", c.email.c_str());
  jwt_add_grant_int(raw, "iat", c.iat);
  jwt_add_grant_int(raw, "exp", c.exp);
  jwt_add_grant_int(raw, "auth_time", c.auth_time);
  jwt_set_alg(raw, JWT_ALG_HS256, key_of(secret),
              static_cast<int>(secret.size()));
  char* out = jwt_encode_str(raw);
  if (!out)
    return {};
  std::string token{out};
  free(out); // libjwt 1.10 allocates with malloc
  return token;
}

std::optional<token_claims> verify_token(std::string_view token,
                                         const std::string& secret,
                                         std::int64_t now_s) {
  if (token.empty() || token.size() > 4096)
    return std::nullopt;
  std::string text{token};
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, text.c_str(), key_of(secret),
                 static_cast<int>(secret.size()))
      != 0)
    return std::nullopt;
  jwt_ptr jwt{raw, &jwt_free};
  if (jwt_get_alg(raw) != JWT_ALG_HS256)
    return std::nullopt;
  auto text_of = [raw](const char* name) {
    const char* v = jwt_get_grant(raw, name);
    return std::string{v ? v : ""};
  };
  token_claims c{text_of("actor_type"),
                 text_of("actor_id"),
                 text_of("auth_identity_id"),
                 text_of("email"),
                 jwt_get_grant_int(raw, "iat"),
                 jwt_get_grant_int(raw, "exp"),
                 jwt_get_grant_int(raw, "auth_time")};
  if (c.exp <= now_s || c.actor_type.empty() || c.auth_time <= 0
      || c.auth_time + session_lifetime_s <= now_s)
    return std::nullopt;
  return c;
}

} // namespace souk
