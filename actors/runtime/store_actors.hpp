#pragma once

#include <functional>
#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_port.hpp"

// Local messages only: CAF never serialises these.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::append_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::append_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::read_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::snapshot_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::snapshot)

namespace souk {

/// An actor answering `(append_atom, append_request) -> append_result`
/// through `appender`. The store's completion re-enters CAF as a message to
/// this actor, which then answers the requester from its own context: no
/// promise is ever delivered from a foreign thread, and no scheduler thread
/// waits for the database.
caf::actor spawn_append_bridge(caf::actor_system& sys,
                               std::shared_ptr<event_appender> appender);

/// A detached actor (its own thread: reads block) answering
/// `(read_atom, stream_id, from_version) -> read_result` and
/// `(load_snap_atom, stream_id) -> snapshot_result`, and storing
/// `(save_snap_atom, snapshot)` (no answer; a failure is logged: a missing
/// snapshot only makes the next load replay more events). With `readers`
/// > 1, that many such actors (each with its own reader and connection)
/// behind one round-robin handle, so entities loading at once do not queue
/// behind one connection.
caf::actor
spawn_stream_reader(caf::actor_system& sys,
                    std::function<std::unique_ptr<stream_reader>()> make,
                    std::size_t readers = 1);

} // namespace souk
