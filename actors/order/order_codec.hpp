#pragma once

#include "actors/order/order_events.hpp"
#include "actors/runtime/event_codec.hpp"

namespace souk::order {

/// `event` as it is stored: its persisted name ("order.placed.v1") and its
/// JSON payload. Money stays in integer minor units.
new_event encode(const order_event& event);

/// Decoders of every persisted order event name.
const event_codec<order_event>& codec();

} // namespace souk::order
