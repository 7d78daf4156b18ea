#include "actors/workflows/workflow.hpp"

#include <set>
#include <stdexcept>

namespace souk::workflows {

const std::string& step_context::output_of(const std::string& step_name) const {
  static const std::string null = "null";
  auto i = outputs.find(step_name);
  return i == outputs.end() ? null : i->second;
}

std::optional<std::string> validate(const workflow_definition& def) {
  if (def.name.empty())
    return "a workflow needs a name";
  auto where = "workflow '" + def.name + "': ";
  if (def.steps.empty())
    return where + "has no steps";
  std::set<std::string> names;
  for (auto& s : def.steps) {
    if (s.name.empty())
      return where + "a step has no name";
    if (!names.insert(s.name).second)
      return where + "two steps are named '" + s.name + "'";
    auto step = where + "step '" + s.name + "' ";
    if (!s.invoke && !s.wait_for_signal)
      return step
             + (s.compensate ? "has a compensate but no invoke"
                             : "has nothing to invoke");
    if (s.wait_for_signal && s.invoke)
      return step + "both invokes and waits for a signal";
    if (s.retry.max_attempts < 1)
      return step + "must be tried at least once";
    if (s.retry.delay.count() < 0 || s.timeout.count() < 0)
      return step + "has a negative delay or timeout";
    if (s.wait_for_signal && s.timeout.count() == 0)
      return step + "waits for a signal without a timeout";
  }
  return std::nullopt;
}

workflow_builder::workflow_builder(std::string name) {
  def_.name = std::move(name);
}

workflow_builder& workflow_builder::step(std::string name, step_fn invoke) {
  step_definition s;
  s.name = std::move(name);
  s.invoke = std::move(invoke);
  def_.steps.push_back(std::move(s));
  return *this;
}

workflow_builder&
workflow_builder::wait_for_signal(std::string name,
                                  std::chrono::milliseconds timeout) {
  step_definition s;
  s.name = std::move(name);
  s.wait_for_signal = true;
  s.timeout = timeout;
  def_.steps.push_back(std::move(s));
  return *this;
}

step_definition& workflow_builder::last() {
  // A modifier before any step is a programming error in a declaration.
  if (def_.steps.empty())
    throw std::logic_error("workflow '" + def_.name
                           + "': a modifier needs a step before it");
  return def_.steps.back();
}

workflow_builder& workflow_builder::compensate(step_fn fn) {
  last().compensate = std::move(fn);
  return *this;
}

workflow_builder& workflow_builder::retry(int max_attempts,
                                          std::chrono::milliseconds delay) {
  last().retry = {max_attempts, delay};
  return *this;
}

workflow_builder& workflow_builder::timeout(std::chrono::milliseconds limit) {
  last().timeout = limit;
  return *this;
}

step_fn immediate(std::function<step_outcome(const step_context&)> fn) {
  return [fn = std::move(fn)](const step_context& ctx, step_done done) {
    done(fn(ctx));
  };
}

expected<workflow_set, std::string>
make_workflow_set(std::vector<workflow_definition> defs) {
  workflow_set out;
  for (auto& def : defs) {
    if (auto problem = validate(def))
      return *problem;
    auto name = def.name;
    auto ptr = std::make_shared<const workflow_definition>(std::move(def));
    if (!out.emplace(name, std::move(ptr)).second)
      return "two workflows are named '" + name + "'";
  }
  return out;
}

} // namespace souk::workflows
