#pragma once

#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/entity_host.hpp"
#include "actors/ticket/ticket_codec.hpp"
#include "actors/ticket/ticket_decide.hpp"
#include "actors/ticket/ticket_snapshot.hpp"

namespace souk::ticket {

/// The ticket as an entity of the runtime.
struct ticket_domain {
  using state_type = ticket_state;
  using command_type = ticket_command;
  using event_type = ticket_event;
  static constexpr const char* kind = "ticket";

  static std::string stream(const std::string& id) { return "ticket-" + id; }
  static decision decide(const ticket_state& s, const ticket_command& c) {
    return ticket::decide(s, c);
  }
  static ticket_state evolve(ticket_state s, const ticket_event& e) {
    return ticket::evolve(std::move(s), e);
  }
  static new_event encode(const ticket_event& e) { return ticket::encode(e); }
  static const event_codec<ticket_event>& codec() { return ticket::codec(); }
  static constexpr const char* snapshot_type = ticket::state_type;
  static std::string encode_state(const ticket_state& s) {
    return ticket::encode_state(s);
  }
  static std::optional<ticket_state> decode_state(std::string_view json) {
    return ticket::decode_state(json);
  }
};

} // namespace souk::ticket

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::ticket::ticket_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::ticket::ticket_domain>)
