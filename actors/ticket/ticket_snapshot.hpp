#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

/// Persisted name of the snapshot schema below. (v1, before briefs,
/// proofs and files, was never written by a released souk: an entity that
/// finds a snapshot of another schema replays its stream.)
inline constexpr const char* state_type = "ticket.state.v2";

/// The whole state as JSON, for a snapshot.
std::string encode_state(const ticket_state& s);

/// A state from a snapshot; nullopt when it does not parse (the entity then
/// replays its whole stream instead).
std::optional<ticket_state> decode_state(std::string_view json);

} // namespace souk::ticket
