#include "http/routes.hpp"

#include "http/response.hpp"

namespace souk {

router make_routes() {
  router r;
  r.add_sync(http::verb::get, "/health", [](request&) {
    return json_response(http::status::ok, R"({"status":"ok"})");
  });
  return r;
}

} // namespace souk
