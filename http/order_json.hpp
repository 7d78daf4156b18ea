#pragma once

#include "actors/order/order_state.hpp"
#include "actors/runtime/json_writer.hpp"
#include "persistence/order_list.hpp"

namespace souk {

/// An order as Medusa's store and admin APIs show it: display id, the
/// status split into order/payment/fulfilment status, lines, shipping,
/// totals in major units, the shipping address.
void write_order(json_writer& w, const std::string& id,
                 const order::order_state& o);

/// An order as lists show it (from the order-list read model).
void write_order_row(json_writer& w, const order_row& row);

} // namespace souk
