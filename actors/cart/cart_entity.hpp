#pragma once

#include <optional>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/cart/cart_decide.hpp"
#include "actors/runtime/entity_host.hpp"

namespace souk::cart {

/// A cart as an entity: its actor serialises concurrent changes, so 50
/// line items added at once all land. No snapshots: a cart lives for a
/// few dozen events.
struct cart_domain : without_snapshots<cart_state> {
  using state_type = cart_state;
  using command_type = cart_command;
  using event_type = cart_event;
  static constexpr const char* kind = "cart";

  static std::string stream(const std::string& id) { return "cart-" + id; }
  static decision decide(const cart_state& s, const cart_command& c) {
    return cart::decide(s, c);
  }
  static cart_state evolve(cart_state s, const cart_event& e) {
    return cart::evolve(std::move(s), e);
  }
  static new_event encode(const cart_event& e) { return cart::encode(e); }
  static const event_codec<cart_event>& codec() { return cart::codec(); }
};

} // namespace souk::cart

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::cart::cart_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::cart::cart_domain>)
