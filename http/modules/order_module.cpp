#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "http/modules/modules.hpp"
#include "http/projection_feed.hpp"
#include "http/ownership.hpp"
#include "http/routes.hpp"
#include "persistence/order_list.hpp"
#include "persistence/postgres.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  auto orders = m.entity<order::order_domain>();
  m.entity<order::numbers_domain>();
  m.owner("order",
          entity_owner(orders, order::order_command{order::get_order{}},
                       order_missing));
  // The order list (a read model) follows the order events; commits wake
  // it, so it lags a write by milliseconds, not a poll interval.
  auto list = m.subscriber({"order-list", order_list_event_types(), "order-",
                            order_list_projection(m.conninfo())});
  m.provide(std::make_shared<order_list_feed>(list));
  add_order_routes(m.routes(), m.svc());
  add_admin_order_routes(m.routes(), m.svc());
}

} // namespace

module order_module() {
  return {"order", {}, install};
}

} // namespace souk
