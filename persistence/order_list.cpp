#include "persistence/order_list.hpp"

#include "actors/order/order_codec.hpp"

namespace souk {

const std::vector<std::string>& order_list_event_types() {
  using namespace order::event_names;
  static const std::vector<std::string> types{
    placed,  payment_authorized, payment_captured, fulfilled,
    shipped, delivered,          completed,        canceled};
  return types;
}

} // namespace souk
