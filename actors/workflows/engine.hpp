#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/runtime/entity_error.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"
#include "actors/workflows/execution_state.hpp"
#include "actors/workflows/workflow.hpp"

namespace souk::workflows {

/// What the engine answers about one execution: its state, or why not.
using execution_reply = expected<execution_state, entity_error>;
/// Executions, newest first.
using execution_list = expected<std::vector<execution_state>, entity_error>;
using id_list = expected<std::vector<std::string>, store_error>;

/// Finds executions (implemented by persistence). Blocking and not
/// thread-safe: each instance lives on one dedicated thread.
class execution_index {
public:
  virtual ~execution_index() = default;
  /// Ids of all executions, newest first.
  virtual id_list list(std::int64_t limit, std::int64_t offset) = 0;
  /// Ids of executions that neither completed nor failed, oldest first.
  /// Only those started before `before_ms` (Unix ms): an engine resumes
  /// what was left before it started, not what another engine started
  /// since (that one runs it).
  virtual id_list unfinished(std::int64_t before_ms) = 0;
};

/// Spawns a detached actor owning an `execution_index` made by `make`.
caf::actor
spawn_execution_index(caf::actor_system& sys,
                      std::function<std::unique_ptr<execution_index>()> make);

struct engine_options {
  /// Pause before appending again after the store failed.
  std::chrono::milliseconds store_retry{1000};
  /// A finished (or missing) execution's actor stays this long after its
  /// last message, so answers about it do not each reload its stream.
  std::chrono::milliseconds linger{5000};
};

/// The workflow engine. Messages (all answered; errors as values):
///
/// - `(wf_start, workflow, key, input, by)` → `execution_reply` once the
///   start is durable. The execution's id is `key` (generated when empty),
///   as Medusa's transaction id: a key that already ran answers that
///   execution as it is now and starts nothing.
/// - `(wf_result, id)` → `execution_reply` once it completed or failed.
/// - `(wf_signal, id, step, payload)` → `execution_reply` once the signal
///   is durable. A signal may come before its step waits; a second signal
///   for a step is ignored.
/// - `(wf_inspect, id)` → `execution_reply` now (`not_found` if none).
/// - `(wf_list, limit, offset)` → `execution_list`, newest first.
///
/// At spawn the engine resumes every unfinished execution from its events.
/// Each execution is an actor that records each step's start, output,
/// failure and compensation in its own stream (through group commit)
/// before it goes on, retries on timers, and stops once it finished.
caf::actor spawn_workflow_engine(caf::actor_system& sys, workflow_set set,
                                 caf::actor reader, caf::actor appender,
                                 caf::actor index, engine_options opts = {});

/// `state` as JSON, for logs and the admin API.
std::string to_json(const execution_state& state);

} // namespace souk::workflows

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::workflows::execution_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::workflows::execution_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::workflows::id_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::workflows::step_outcome)
