#pragma once

#include <string>
#include <string_view>

#include "http/beast.hpp"

namespace souk {

/// A JSON response with `body`.
http_response json_response(http::status status, std::string body);

/// Medusa's error envelope: {"type": ..., "message": ...}.
http_response error_response(http::status status, std::string_view type,
                             std::string_view message);

/// 401 as Medusa answers a missing or bad token: {"message":"Unauthorized"}.
http_response unauthorized_response();

} // namespace souk
