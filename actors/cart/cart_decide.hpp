#pragma once

#include <vector>

#include "actors/cart/cart_commands.hpp"
#include "actors/cart/cart_state.hpp"
#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::cart {

using decision = expected<std::vector<cart_event>, domain_error>;

/// Checks `cmd` against the cart; pure. A completed cart takes no change
/// (`illegal_transition`); completing it again is answered with no event
/// (the order it became is in the state). `not_found`: no such cart or
/// line. `invalid_argument`: a quantity below 1 (0 for updates) or over
/// `max_quantity`, too many lines, a bad e-mail, a negative price; a
/// payment session before a collection; completing without items, without
/// a shipping method or without a payment session.
decision decide(const cart_state& state, const cart_command& cmd);

} // namespace souk::cart
