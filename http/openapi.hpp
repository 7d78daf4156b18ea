#pragma once

#include <string>
#include <vector>

#include "http/beast.hpp"

namespace souk {

/// One documented operation of the API.
struct api_operation {
  http::verb method;
  /// As registered: "/store/carts/:id".
  std::string path;
  std::string summary;
  /// "store", "auth", "admin", "ops".
  std::string tag;
};

/// Every operation souk serves, documented. A test checks it against the
/// routes actually registered, both ways.
const std::vector<api_operation>& api_operations();

/// The OpenAPI 3 document of `api_operations()` (GET /openapi.json).
std::string openapi_json();

} // namespace souk
