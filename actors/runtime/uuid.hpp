#pragma once

#include <string>

namespace souk {

/// A new UUIDv7 in canonical text form: 48 bits of Unix milliseconds, then
/// random bits. Time-ordered ids keep the event_id index append-mostly.
/// Thread-safe.
std::string make_uuid_v7();

} // namespace souk
