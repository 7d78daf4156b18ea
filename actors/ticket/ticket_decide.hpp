#pragma once

#include <vector>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/ticket/ticket_commands.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

using decision = expected<std::vector<ticket_event>, domain_error>;

/// Checks `cmd` against `state`; pure. A ticket moves one column at a time,
/// forward or back:
///
///   brief_received ⇄ designing_artwork ⇄ fulfilling → delivered
///
/// and never out of `delivered`. Notes can be added at any time (a note id
/// seen before is accepted with no new event); the brief can change until
/// delivery. Rejections: `not_found` (no such ticket), `already_exists`,
/// `illegal_transition` (naming the current and requested column),
/// `invalid_argument` (empty title or note, note over 10,000 characters).
decision decide(const ticket_state& state, const ticket_command& cmd);

} // namespace souk::ticket
