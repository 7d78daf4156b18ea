#pragma once

#include <pqxx/pqxx>

#include "actors/runtime/events.hpp"

namespace souk {

/// The columns `to_event` reads, in its order: select them as
/// `"SELECT " + event_columns + " FROM events ..."`.
extern const char* const event_columns;

/// One row of `event_columns` as a recorded event.
recorded_event to_event(const pqxx::row& row);

} // namespace souk
