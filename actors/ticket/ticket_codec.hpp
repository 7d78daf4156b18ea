#pragma once

#include "actors/runtime/event_codec.hpp"
#include "actors/ticket/ticket_events.hpp"

namespace souk::ticket {

/// `event` as it is stored: its persisted name ("ticket.moved.v1") and its
/// JSON payload.
new_event encode(const ticket_event& event);

/// Decoders of every persisted ticket event name.
const event_codec<ticket_event>& codec();

} // namespace souk::ticket
