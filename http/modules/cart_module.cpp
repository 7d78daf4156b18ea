#include "actors/cart/cart_entity.hpp"
#include "actors/catalog/catalog_view.hpp"
#include "http/modules/modules.hpp"
#include "http/ownership.hpp"
#include "http/payment_collections.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  m.svc().get<catalog::catalog_view>(); // prices and products come from it
  host_options opts;
  opts.entity.snapshot_every = 0; // short streams
  opts.entity.idle_timeout = std::chrono::minutes{10};
  auto carts = m.entity<cart::cart_domain>(opts);
  m.owner("cart", entity_owner(carts, cart::cart_command{cart::get_cart{}},
                               cart_missing));
  // A payment collection is its cart's (its id is derived from the cart's).
  m.owner("payment-collection",
          entity_owner(carts, cart::cart_command{cart::get_cart{}},
                       payment_collection_missing, cart_of_collection));
  add_cart_routes(m.routes(), m.svc());
}

} // namespace

module cart_module() {
  return {"cart", {}, install};
}

} // namespace souk
