#include "persistence/event_rows.hpp"

namespace souk {

const char* const event_columns
  = "position, stream_id, version, event_id::text, type, data::text, "
    "metadata::text, (extract(epoch FROM committed_at) * 1000000)::bigint";

recorded_event to_event(const pqxx::row& row) {
  recorded_event ev;
  ev.position = row[0].as<std::int64_t>();
  ev.stream_id = row[1].as<std::string>();
  ev.version = row[2].as<std::int64_t>();
  ev.event_id = row[3].as<std::string>();
  ev.type = row[4].as<std::string>();
  ev.data = row[5].as<std::string>();
  ev.metadata = metadata_from_json(row[6].as<std::string>());
  ev.committed_at = std::chrono::system_clock::time_point{
    std::chrono::microseconds{row[7].as<std::int64_t>()}};
  return ev;
}

} // namespace souk
