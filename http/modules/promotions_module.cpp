#include "actors/catalog/catalog_view.hpp"
#include "actors/promotion/promotion_usage.hpp"
#include "http/modules/modules.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  m.svc().get<catalog::catalog_view>(); // the codes are in the catalog
  m.entity<promotion::usage_domain>();
  add_promotion_routes(m.routes(), m.svc());
}

} // namespace

module promotions_module() {
  return {"promotions", {}, install};
}

} // namespace souk
