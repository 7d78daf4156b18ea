#include "http/routes.hpp"

#include "http/response.hpp"

namespace souk {

router make_routes() {
  router r;
  r.add(http::verb::get, "/health", [](const http_request&) {
    return json_response(http::status::ok, R"({"status":"ok"})");
  });
  return r;
}

} // namespace souk
