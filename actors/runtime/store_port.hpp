#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/events.hpp"

namespace souk {

/// Appends events asynchronously (implemented by persistence's group-commit
/// writer). `append` is thread-safe and never blocks; `done` runs on a
/// thread of the store and must not block.
class event_appender {
public:
  virtual ~event_appender() = default;
  virtual void append(append_request req,
                      std::function<void(append_result)> done)
    = 0;
};

using read_result = expected<std::vector<recorded_event>, store_error>;
using snapshot_result = expected<std::optional<snapshot>, store_error>;

/// Reads streams (implemented by persistence). Blocking and not
/// thread-safe: each instance lives on one dedicated thread.
class stream_reader {
public:
  virtual ~stream_reader() = default;
  virtual read_result read_stream(const std::string& stream_id,
                                  std::int64_t from_version)
    = 0;
  virtual snapshot_result load_latest_snapshot(const std::string& stream_id)
    = 0;
  virtual expected<bool, store_error> save_snapshot(const snapshot& snap) = 0;
};

/// Reads the global feed in position order (implemented by persistence).
/// Blocking and not thread-safe: one instance per thread.
class feed_reader {
public:
  virtual ~feed_reader() = default;
  /// Up to `limit` events after `after_position`. Newer positions than a
  /// gap-free follower has seen may still have gaps (transactions in
  /// flight): read up to such a position only.
  virtual expected<std::vector<recorded_event>, store_error>
  read_feed(std::int64_t after_position, std::int64_t limit) = 0;
};

} // namespace souk
