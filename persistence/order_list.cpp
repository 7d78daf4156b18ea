#include "persistence/order_list.hpp"

namespace souk {

const std::vector<std::string>& order_list_event_types() {
  static const std::vector<std::string> types{
    "order.placed.v1",           "order.payment_authorized.v1",
    "order.payment_captured.v1", "order.fulfilled.v1",
    "order.shipped.v1",          "order.delivered.v1",
    "order.completed.v1",        "order.canceled.v1"};
  return types;
}

} // namespace souk
