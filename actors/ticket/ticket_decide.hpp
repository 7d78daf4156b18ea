#pragma once

#include <vector>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/ticket/ticket_commands.hpp"
#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

using decision = expected<std::vector<ticket_event>, domain_error>;

/// The bounds of what people write on a ticket.
/// The bounds of what people write on a ticket (texts in bytes of UTF-8).
namespace text_limits {
inline constexpr std::size_t note = 10000;
inline constexpr std::size_t reason = 1000;
inline constexpr std::size_t comment = 5000;
/// Notes on one ticket: a conversation, not a chat log.
inline constexpr std::size_t notes = 1000;
/// The customer's files, and support's proofs, each.
inline constexpr std::size_t files = 50;
} // namespace text_limits

/// Checks `cmd` against `state`; pure. The board:
///
///   brief_received ⇄ designing_artwork ⇄ fulfilling → delivered
///
/// Support moves a ticket one column at a time; back with a reason; into
/// fulfilling only with the latest proof approved, or with a reason that
/// overrides it; never out of delivered. The customer edits the brief and
/// adds files until the artwork is settled (brief_received and
/// designing_artwork) and decides on the latest proof while the artwork is
/// designed; support attaches proofs then. Notes go on at any time;
/// internal notes only from support. A repeated command (the same note id,
/// file, brief, assignee, or the same ticket opened again) is accepted with
/// no new event.
///
/// Rejections: `not_found` (no such ticket, or voided), `already_exists`
/// (opening with another item), `stale_version` (the command's version is
/// not the ticket's), `illegal_transition` (naming the current state and
/// what was asked), `invalid_argument` (bounds, empty texts, unknown
/// proof, a customer's internal note).
decision decide(const ticket_state& state, const ticket_command& cmd);

} // namespace souk::ticket
