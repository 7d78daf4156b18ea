#pragma once

#include <cstdint>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// Workflow executions by lifecycle state.
struct workflow_counts {
  std::int64_t started = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int64_t running() const noexcept { return started - completed - failed; }
};

/// The two figures of the event store that GET /metrics shows, each one
/// small query. Blocking and not thread-safe: one caller at a time.
/// PostgreSQL's: `open_feed_stats` in persistence/postgres.hpp.
class feed_stats_port {
public:
  virtual ~feed_stats_port() = default;

  /// Position of the newest committed event (0 when there is none).
  virtual expected<std::int64_t, store_error> feed_head() = 0;

  /// Workflow executions by state: counters kept by the append itself, one
  /// row read however many executions there are.
  virtual expected<workflow_counts, store_error> execution_counts() = 0;
};

} // namespace souk
