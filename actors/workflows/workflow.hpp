#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/error_code.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::workflows {

// -- what a step sees and answers ---------------------------------------------

/// What one step invocation gets: the execution's input and the outputs of
/// the steps before it (JSON texts), plus who it is, so an effect on the
/// outside world can carry an idempotency key of its own
/// (`execution_id + ":" + step`).
struct step_context {
  std::string execution_id;
  std::string step;
  int attempt = 1;
  /// The execution's input (JSON).
  std::string input;
  /// Output (JSON) of every step completed so far, by step name. For a
  /// compensation: the outputs of all steps completed before the failure.
  std::map<std::string, std::string> outputs;

  /// The output of `step_name`; "null" when it has none (yet).
  const std::string& output_of(const std::string& step_name) const;
};

/// Why a step's try failed (kept in the execution's history). `code` says
/// what kind of failure it was, for whoever reads the outcome: a step that
/// fails on a refusal passes the refusal's code on (the cart's
/// `invalid_argument`, the stock's `illegal_transition`, the payment's
/// `payment_refused`), so an API maps the code, not the step's name.
struct step_error {
  std::string message;
  error_code code = runtime_errc::internal;
};

/// A step's outcome: its output (a JSON text, persisted) or why it failed.
using step_outcome = expected<std::string, step_error>;

/// Called exactly once with the outcome, from any thread.
using step_done = std::function<void(step_outcome)>;

/// An asynchronous step body. It must not block the calling thread (a CAF
/// scheduler thread): ask an actor, or hand blocking work to a pool (see
/// `blocking_step`), and call `done` when finished. A throw is a failure.
using step_fn = std::function<void(const step_context&, step_done)>;

/// How a failing step (or compensation) is tried again.
struct retry_policy {
  /// Tries in all, the first included (1: no retry).
  int max_attempts = 1;
  /// Pause between two tries: a timer, never a sleeping thread.
  std::chrono::milliseconds delay{0};
};

/// One step of a workflow. A step either runs `invoke`, or (when
/// `wait_for_signal`) pauses until a signal for it arrives, whose payload
/// becomes its output; past `timeout` the step fails.
struct step_definition {
  std::string name;
  step_fn invoke;
  /// Undoes `invoke` when a later step fails for good; optional.
  step_fn compensate;
  retry_policy retry;
  /// Longest one try may take (zero: no limit). A try that overruns fails
  /// and a late answer is ignored.
  std::chrono::milliseconds timeout{0};
  bool wait_for_signal = false;
};

/// A named list of steps, run in order. Built with `workflow(...)`.
struct workflow_definition {
  std::string name;
  std::vector<step_definition> steps;
};

/// The problem with `def`, if any: an empty name, no steps, two steps with
/// one name, a step with neither `invoke` nor a signal to wait for (e.g. a
/// `compensate` without `invoke`), retries below one, negative delays.
std::optional<std::string> validate(const workflow_definition& def);

// -- declaring one
// ---------------------------------------------------------------

/// Declares a workflow like a recipe:
///
///     auto def = workflow("create-tickets")
///       .step("reserve", reserve).compensate(release).retry(3, 1s)
///       .wait_for_signal("approval", 24h)
///       .step("notify", notify)
///       .build();
///
/// Modifiers apply to the step declared last.
class workflow_builder {
public:
  explicit workflow_builder(std::string name);

  workflow_builder& step(std::string name, step_fn invoke);
  /// A step that waits for `signal(execution, name, payload)` up to `timeout`.
  workflow_builder& wait_for_signal(std::string name,
                                    std::chrono::milliseconds timeout);
  workflow_builder& compensate(step_fn fn);
  workflow_builder& retry(int max_attempts, std::chrono::milliseconds delay);
  workflow_builder& timeout(std::chrono::milliseconds limit);

  /// The definition; it is checked when registered with an engine.
  workflow_definition build() const { return def_; }

private:
  step_definition& last();

  workflow_definition def_;
};

inline workflow_builder workflow(std::string name) {
  return workflow_builder{std::move(name)};
}

/// A step body from a function that returns its outcome at once (pure or
/// quick work only: it runs on the execution's actor).
step_fn immediate(std::function<step_outcome(const step_context&)> fn);

/// The workflows an engine runs, by name.
using workflow_set
  = std::map<std::string, std::shared_ptr<const workflow_definition>>;

/// Checks every definition and indexes them by name. Fails with a message
/// naming the workflow for an invalid definition or a name used twice.
expected<workflow_set, std::string>
make_workflow_set(std::vector<workflow_definition> defs);

} // namespace souk::workflows
