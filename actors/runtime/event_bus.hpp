#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/events.hpp"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::recorded_event)

namespace souk {

/// How a subscriber of the bus selects events.
enum class bus_topic { event_type, stream, all };

/// The in-process event bus. Fed with committed events only — its feeder
/// follows the global feed (persistence/durable_subscriber with
/// `durable = false`) — in position order. Messages:
///
/// - `(subscribe_atom, bus_topic, key, actor)`: from now on `actor` gets
///   `(committed_atom, recorded_event)` for each event whose type (or
///   stream) is `key` (or every event for `bus_topic::all`). A subscriber
///   that stops is dropped.
/// - `(publish_atom, recorded_event)`: from the feeder.
///
/// Not durable: a subscriber that must not miss events after a restart is a
/// durable subscriber instead.
caf::actor spawn_event_bus(caf::actor_system& sys);

} // namespace souk

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::bus_topic)
