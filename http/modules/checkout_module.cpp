#include "actors/checkout/checkout_workflow.hpp"
#include "actors/checkout/order_confirmation.hpp"
#include "actors/checkout/stock_settlement.hpp"
#include "actors/order/order_codec.hpp"
#include "actors/promotion/promotion_usage.hpp"
#include "http/modules/modules.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

void install(module_context& m) {
  auto& svc = m.svc();
  auto carts = svc.entities<cart::cart_domain>();
  auto inventory = svc.entities<inventory::inventory_domain>();
  auto orders = svc.entities<order::order_domain>();
  m.workflow(checkout::checkout_workflow(
    {carts, inventory, orders, svc.entities<order::numbers_domain>(),
     std::make_shared<payment::system_provider>(),
     &svc.get<catalog::catalog_view>(),
     svc.entities<promotion::usage_domain>()}));
  // Placed orders are confirmed by e-mail, once each (at-least-once
  // events, one workflow execution per order, at most one message).
  m.message(checkout::confirmation_message());
  m.workflow(checkout::order_confirmation_workflow(
    svc.shared<notifications::notifier>(), svc.steps,
    svc.message(checkout::confirmation_workflow)));
  m.start_workflow_on(
    "order-confirmation", {order::event_names::placed}, "order-",
    {checkout::confirmation_workflow, checkout::confirmation_key,
     checkout::confirmation_input});
  // A cancelled order's stock is released, a fulfilled one's consumed.
  m.workflow(checkout::stock_settlement_workflow(orders, inventory));
  m.start_workflow_on(
    "order-stock", checkout::stock_event_types(), "order-",
    {checkout::stock_workflow, checkout::stock_key, checkout::stock_input});
  add_checkout_routes(m.routes(), svc);
}

} // namespace

module checkout_module() {
  return {"checkout", {}, install};
}

} // namespace souk
