#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "actors/workflows/execution_events.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::workflows {

enum class execution_status { none, running, compensating, completed, failed };

enum class step_status {
  pending,
  running,  // a try (or the wait for a signal) began, no outcome yet
  retrying, // a try failed; the next one is due at `retry_at`
  completed,
  failed, // for good
  compensated,
  compensation_failed, // for good
};

std::string_view to_string(execution_status s) noexcept;
std::string_view to_string(step_status s) noexcept;

/// One step as the execution's events tell it.
struct step_record {
  std::string name;
  step_status status = step_status::pending;
  int attempts = 0;
  std::string output = "null";
  std::string error;
  /// The code of the last failed try (meaningful when `error` is set).
  error_code code;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
  std::int64_t retry_at = 0;
  std::int64_t wait_until = 0;
  int compensation_attempts = 0;
};

/// An execution folded from its events: everything `next` needs, and what
/// an admin sees when inspecting it.
struct execution_state {
  std::int64_t version = 0;
  std::string id;
  std::string workflow;
  std::string input = "null";
  std::string started_by;
  execution_status status = execution_status::none;
  /// Steps in the order they first started.
  std::vector<step_record> steps;
  /// Signals received, by step name: payload (JSON).
  std::map<std::string, std::string> signals;
  /// Completed: the outputs of all steps as one object. Failed: "null".
  std::string result = "null";
  /// Why it failed (kept after compensation).
  std::string error;
  std::int64_t started_at = 0;
  std::int64_t updated_at = 0;

  const step_record* find(std::string_view step) const;
  step_record* find(std::string_view step);
  bool finished() const noexcept {
    return status == execution_status::completed
           || status == execution_status::failed;
  }
};

/// Folds one event into `s`.
execution_state evolve(execution_state s, const execution_event& e);

/// What an execution should do next, from its definition and its events
/// alone (pure: the actor runs it after every change).
struct next_action {
  enum kind_t {
    idle,        // not started, or finished
    start_step,  // record `step_started` for `step`, try `attempt`
    invoke,      // run `step`'s invoke (its start is recorded)
    take_signal, // the awaited signal is there: complete `step` with it
    time_out,    // the signal did not come in time: fail `step`
    sleep,       // nothing to do before `until` (a retry or a deadline)
    compensate,  // run `step`'s compensate, try `attempt`
    complete,    // every step completed: finish with `text` as result
    fail,        // compensation done: finish failed with `text`
  };
  kind_t kind = idle;
  std::string step;
  int attempt = 0;
  std::int64_t until = 0;
  std::string text;
};

next_action next(const workflow_definition& def, const execution_state& s,
                 std::int64_t now_ms);

} // namespace souk::workflows
