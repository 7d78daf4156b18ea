#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/events.hpp"
#include "actors/runtime/store_port.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// Reads streams and the global feed, and keeps snapshots, over one
/// connection of its own. Blocking and not thread-safe: each thread (never
/// a CAF scheduler or Beast I/O thread) uses its own instance. A dropped
/// connection fails the call with `unavailable` and is re-opened by the
/// next call. Appends go through `group_commit_writer`.
class pg_event_store : public stream_reader, public feed_reader {
public:
  explicit pg_event_store(std::string conninfo);
  ~pg_event_store() override;

  /// Events of `stream_id` with version >= `from_version`, in version order.
  read_result read_stream(const std::string& stream_id,
                          std::int64_t from_version = 1) override;

  /// Up to `limit` events of the global feed after `after_position`, in
  /// position order. Positions are dense and assigned in commit order, so
  /// reading from the last position seen never skips an event.
  expected<std::vector<recorded_event>, store_error>
  read_feed(std::int64_t after_position, std::int64_t limit) override;

  /// Position of the newest committed event (0 when there is none).
  expected<std::int64_t, store_error> head_position();

  /// The stream's current version (0 when it does not exist).
  expected<std::int64_t, store_error>
  stream_version(const std::string& stream_id);

  /// Stores `snap`; saving the same stream and version again replaces it.
  expected<bool, store_error> save_snapshot(const snapshot& snap) override;

  /// The snapshot with the highest version, if any.
  snapshot_result load_latest_snapshot(const std::string& stream_id) override;

private:
  pg_session session_;
};

} // namespace souk
