#pragma once

#include <string>

#include "actors/runtime/expected.hpp"

namespace souk {

/// Creates an admin user who signs in with `email` and `password`
/// (`souk user create`, the demo seed), or says why not.
expected<bool, std::string> create_admin(const std::string& conninfo,
                                         const std::string& email,
                                         const std::string& password);

} // namespace souk
