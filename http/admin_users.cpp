#include "http/admin_users.hpp"

#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/passwords.hpp"
#include "http/request.hpp"
#include "persistence/postgres.hpp"

namespace souk {

expected<bool, std::string> create_admin(const std::string& conninfo,
                                         const std::string& email,
                                         const std::string& password) {
  if (email.find('@') == std::string::npos)
    return std::string{"--email must be an e-mail address"};
  if (password.size() < 8)
    return std::string{"--password needs at least 8 characters"};
  auto accounts = open_accounts(conninfo);
  auto id = make_id("user");
  auto lowered = ascii_lower(email);
  auto added = accounts->add_user(
    id, {make_id("authid"), "user", lowered, hash_password(password), id});
  if (!added)
    return added.error().message;
  if (!*added)
    return "a user with e-mail " + email + " exists";
  return true;
}

} // namespace souk
