#pragma once

#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/order/order_codec.hpp"
#include "actors/order/order_decide.hpp"
#include "actors/order/order_snapshot.hpp"
#include "actors/runtime/entity_host.hpp"

namespace souk::order {

/// The order as an entity of the runtime.
struct order_domain {
  using state_type = order_state;
  using command_type = order_command;
  using event_type = order_event;
  static constexpr const char* kind = "order";

  static std::string stream(const std::string& id) { return "order-" + id; }
  static decision decide(const order_state& s, const order_command& c) {
    return order::decide(s, c);
  }
  static order_state evolve(order_state s, const order_event& e) {
    return order::evolve(std::move(s), e);
  }
  static new_event encode(const order_event& e) { return order::encode(e); }
  static const event_codec<order_event>& codec() { return order::codec(); }
  static constexpr const char* snapshot_type = order::state_type;
  static std::string encode_state(const order_state& s) {
    return order::encode_state(s);
  }
  static std::optional<order_state> decode_state(std::string_view json) {
    return order::decode_state(json);
  }
};

} // namespace souk::order

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::order::order_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::order::order_domain>)
