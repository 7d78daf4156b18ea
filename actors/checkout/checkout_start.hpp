#pragma once

#include <functional>
#include <optional>
#include <string>

#include "actors/cart/cart_entity.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/workflows/engine_ref.hpp"

namespace souk::checkout {

/// How completing a cart ended: the order it placed (or had placed
/// before), or the failed execution (which was undone: the cart is
/// unlocked and may be completed again).
struct checkout_outcome {
  std::string order_id;
  std::optional<workflows::execution_state> failed;
};

/// The outcome, or why there is none: the cart's refusal (`not_found`),
/// the engine's, or `unavailable` when a part did not answer in time.
using checkout_reply = expected<checkout_outcome, entity_error>;

/// The execution key of a checkout of cart `cart_id` in state `c`: one per
/// cart version, so completing twice (or at once) joins one execution,
/// also once it locked the cart (the lock names it); after a failed try,
/// which unlocks the cart at a new version, a fresh one starts.
std::string checkout_key(const std::string& cart_id, const cart::cart_state& c);

/// Completes cart `cart_id` for `by`: answers the order of a cart completed
/// before, or starts (or joins) its checkout execution and answers once it
/// finished. `k` runs on a CAF thread.
void complete_cart(const entity_ref<cart::cart_domain>& carts,
                   const workflows::engine_ref& engine, std::string cart_id,
                   std::string by, std::function<void(checkout_reply)> k,
                   std::chrono::milliseconds timeout);

} // namespace souk::checkout
