#include "http/login_limiter.hpp"
#include "http/modules/modules.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  m.provide(std::make_shared<login_limits>());
  add_auth_routes(m.routes(), m.svc());
  add_verification_routes(m.routes(), m.svc());
  add_customer_routes(m.routes(), m.svc());
}

} // namespace

module customers_module() {
  return {"customers", {}, install};
}

} // namespace souk
