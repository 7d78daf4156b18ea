#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "actors/runtime/error_code.hpp"
#include "actors/runtime/event_codec.hpp"

namespace souk::workflows {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* compensation_failed
  = "workflow.compensation_failed.v1";
inline constexpr const char* completed = "workflow.completed.v1";
inline constexpr const char* failed = "workflow.failed.v1";
inline constexpr const char* signal_received = "workflow.signal_received.v1";
inline constexpr const char* started = "workflow.started.v1";
inline constexpr const char* step_compensated = "workflow.step_compensated.v1";
inline constexpr const char* step_completed = "workflow.step_completed.v1";
inline constexpr const char* step_failed = "workflow.step_failed.v1";
inline constexpr const char* step_started = "workflow.step_started.v1";
} // namespace event_names

// The events of one execution's stream ("workflow-<execution id>"). Times
// are Unix milliseconds, UTC.

struct execution_started {
  std::string workflow;
  std::string input;
  /// Who started it, e.g. "subscriber:create-tickets" or "user:usr_01...".
  std::string by;
  std::int64_t at = 0;
};

/// A try of a step began. For a signal step, `wait_until` is its deadline.
struct step_started {
  std::string step;
  int attempt = 1;
  std::int64_t wait_until = 0;
  std::int64_t at = 0;
};

struct step_completed {
  std::string step;
  std::string output;
  std::int64_t at = 0;
};

/// A try failed. `retry_at` > 0: it is tried again then; 0: for good.
/// `code`: the step's `step_error::code` (stored since "code" was added;
/// a failure stored before reads as `runtime_errc::internal`).
struct step_failed {
  std::string step;
  int attempt = 1;
  std::string error;
  std::int64_t retry_at = 0;
  std::int64_t at = 0;
  error_code code = runtime_errc::internal;
};

/// A signal for a step arrived (it may arrive before the step waits).
struct signal_received {
  std::string step;
  std::string payload;
  std::int64_t at = 0;
};

struct step_compensated {
  std::string step;
  int attempt = 1;
  std::int64_t at = 0;
};

/// A try of a compensation failed; `retry_at` as in `step_failed`.
struct compensation_failed {
  std::string step;
  int attempt = 1;
  std::string error;
  std::int64_t retry_at = 0;
  std::int64_t at = 0;
};

struct execution_completed {
  std::string result;
  std::int64_t at = 0;
};

struct execution_failed {
  std::string error;
  std::int64_t at = 0;
};

using execution_event
  = std::variant<execution_started, step_started, step_completed, step_failed,
                 signal_received, step_compensated, compensation_failed,
                 execution_completed, execution_failed>;

/// The event as stored ("workflow.step_completed.v1").
new_event encode(const execution_event& event);

/// Decodes stored execution events.
const event_codec<execution_event>& codec();

/// The stream of execution `id`.
std::string stream_of(const std::string& execution_id);

} // namespace souk::workflows
