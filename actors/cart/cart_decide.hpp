#pragma once

#include <vector>

#include "actors/cart/cart_commands.hpp"
#include "actors/cart/cart_state.hpp"
#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::cart {

using decision = expected<std::vector<cart_event>, domain_error>;

/// Checks `cmd` against the cart; pure. A completed cart takes no change
/// (`illegal_transition`); completing it again for the same order is
/// answered with no event, for another order refused. `not_found`: no such cart
/// or line. `invalid_argument`: a quantity below 1 (0 for updates) or over
/// `max_quantity`, too many lines, a bad e-mail, a negative price; a
/// payment session before a collection; completing without items, without
/// a shipping method or without a payment session; a checkout of a line
/// whose product is no longer published or whose price changed, or with a
/// shipping option withdrawn or repriced (the message names it).
decision decide(const cart_state& state, const cart_command& cmd);

/// A BCP 47 language tag as Medusa's locales are written ("en-US", "de"):
/// letters, digits and hyphens, at most 35 characters; "" is the default.
bool locale_ok(const std::string& l);

} // namespace souk::cart
