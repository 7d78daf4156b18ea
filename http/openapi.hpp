#pragma once

#include <string>
#include <vector>

#include "http/router.hpp"

namespace souk {

/// The OpenAPI 3 document of the route table (GET /openapi.json): every
/// operation with its summary, path parameters and who may call it
/// (`security`, and `x-souk-access`: "admin", "owner-of(cart)", …).
std::string openapi_json(const std::vector<route_info>& routes);

} // namespace souk
