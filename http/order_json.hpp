#pragma once

#include "actors/order/order_state.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk {

/// An order as Medusa's store and admin APIs show it: display id, the
/// status split into order/payment/fulfilment status, lines, shipping,
/// totals in major units, the shipping address.
void write_order(json_writer& w, const std::string& id,
                 const order::order_state& o);

} // namespace souk
