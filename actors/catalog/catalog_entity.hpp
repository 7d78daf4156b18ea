#pragma once

#include <optional>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/catalog/catalog_decide.hpp"
#include "actors/runtime/entity_host.hpp"

namespace souk::catalog {

/// The catalog as one entity of the runtime (id "main", stream "catalog").
/// No snapshots: the stream holds admin edits only, and it is read once at
/// start-up.
struct catalog_domain : without_snapshots<catalog_state> {
  using state_type = catalog_state;
  using command_type = catalog_command;
  using event_type = catalog_event;
  static constexpr const char* kind = "catalog";

  static std::string stream(const std::string&) { return "catalog"; }
  static decision decide(const catalog_state& s, const catalog_command& c) {
    return catalog::decide(s, c);
  }
  static catalog_state evolve(catalog_state s, const catalog_event& e) {
    return catalog::evolve(std::move(s), e);
  }
  static new_event encode(const catalog_event& e) { return catalog::encode(e); }
  static const event_codec<catalog_event>& codec() { return catalog::codec(); }
};

} // namespace souk::catalog

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::catalog::catalog_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::catalog::catalog_domain>)
