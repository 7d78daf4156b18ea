#pragma once

#include <vector>

#include "actors/order/order_commands.hpp"
#include "actors/order/order_state.hpp"
#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::order {

using decision = expected<std::vector<order_event>, domain_error>;

/// Checks `cmd` against `state` and returns the events it produces. Pure:
/// no I/O, no clock. The order's lifecycle is
///
///   placed → payment_authorized → payment_captured → fulfilled → shipped
///   → delivered → completed
///
/// plus cancel (from placed, payment_authorized or payment_captured, i.e.
/// before fulfilment) and refund (any time after a capture, up to what was
/// captured and not yet refunded). A command that does not fit the current
/// status fails with `illegal_transition` naming the current and the
/// requested status; bad data fails with `invalid_argument`; any command but
/// `place_order` on an order that does not exist fails with `not_found`.
decision decide(const order_state& state, const order_command& cmd);

} // namespace souk::order
