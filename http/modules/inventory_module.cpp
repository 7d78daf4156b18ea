#include "actors/catalog/catalog_view.hpp"
#include "actors/inventory/inventory.hpp"
#include "http/modules/modules.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  m.svc().get<catalog::catalog_view>(); // admin stock is listed by variant
  m.entity<inventory::inventory_domain>();
  add_admin_inventory_routes(m.routes(), m.svc());
}

} // namespace

module inventory_module() {
  return {"inventory", {}, install};
}

} // namespace souk
