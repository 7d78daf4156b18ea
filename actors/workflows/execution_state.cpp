#include "actors/workflows/execution_state.hpp"

#include <algorithm>

#include "actors/runtime/json_writer.hpp"

namespace souk::workflows {

std::string_view to_string(execution_status s) noexcept {
  switch (s) {
  case execution_status::none:
    return "not_started";
  case execution_status::running:
    return "running";
  case execution_status::compensating:
    return "compensating";
  case execution_status::completed:
    return "completed";
  case execution_status::failed:
    return "failed";
  }
  return "unknown";
}

std::string_view to_string(step_status s) noexcept {
  switch (s) {
  case step_status::pending:
    return "pending";
  case step_status::running:
    return "running";
  case step_status::retrying:
    return "retrying";
  case step_status::completed:
    return "completed";
  case step_status::failed:
    return "failed";
  case step_status::compensated:
    return "compensated";
  case step_status::compensation_failed:
    return "compensation_failed";
  }
  return "unknown";
}

const step_record* execution_state::find(std::string_view step) const {
  auto i
    = std::find_if(steps.begin(), steps.end(),
                   [step](const step_record& r) { return r.name == step; });
  return i == steps.end() ? nullptr : &*i;
}

step_record* execution_state::find(std::string_view step) {
  return const_cast<step_record*>(std::as_const(*this).find(step));
}

namespace {

struct folder {
  execution_state& s;

  step_record& step(const std::string& name) {
    if (auto* r = s.find(name))
      return *r;
    s.steps.push_back(step_record{});
    s.steps.back().name = name;
    return s.steps.back();
  }

  void operator()(const execution_started& e) {
    s.status = execution_status::running;
    s.workflow = e.workflow;
    s.input = e.input;
    s.started_by = e.by;
    s.started_at = e.at;
  }
  void operator()(const step_started& e) {
    auto& r = step(e.step);
    r.status = step_status::running;
    r.attempts = e.attempt;
    if (r.started_at == 0)
      r.started_at = e.at;
    r.wait_until = e.wait_until;
    r.retry_at = 0;
  }
  void operator()(const step_completed& e) {
    auto& r = step(e.step);
    r.status = step_status::completed;
    r.output = e.output;
    r.error.clear();
    r.code = {};
    r.finished_at = e.at;
    r.retry_at = 0;
  }
  void operator()(const step_failed& e) {
    auto& r = step(e.step);
    r.attempts = e.attempt;
    r.error = e.error;
    r.code = e.code;
    if (e.retry_at > 0) {
      r.status = step_status::retrying;
      r.retry_at = e.retry_at;
      return;
    }
    r.status = step_status::failed;
    r.finished_at = e.at;
    s.status = execution_status::compensating;
    s.error = "step '" + e.step + "' failed";
    if (e.attempt > 1)
      s.error += " after " + std::to_string(e.attempt) + " tries";
    s.error += ": " + e.error;
  }
  void operator()(const signal_received& e) { s.signals[e.step] = e.payload; }
  void operator()(const step_compensated& e) {
    auto& r = step(e.step);
    r.status = step_status::compensated;
    r.compensation_attempts = e.attempt;
    r.retry_at = 0;
  }
  void operator()(const compensation_failed& e) {
    auto& r = step(e.step);
    r.compensation_attempts = e.attempt;
    r.error = e.error;
    if (e.retry_at > 0) {
      r.retry_at = e.retry_at;
      return;
    }
    r.status = step_status::compensation_failed;
    r.retry_at = 0;
    s.error += "; compensating '" + e.step + "' failed: " + e.error;
  }
  void operator()(const execution_completed& e) {
    s.status = execution_status::completed;
    s.result = e.result;
  }
  void operator()(const execution_failed& e) {
    s.status = execution_status::failed;
    s.error = e.error;
  }
};

std::int64_t time_of(const execution_event& e) {
  return std::visit([](auto& ev) { return ev.at; }, e);
}

std::string result_of(const workflow_definition& def,
                      const execution_state& s) {
  json_writer w;
  w.begin_object();
  for (auto& step : def.steps) {
    auto* r = s.find(step.name);
    w.key(step.name).raw(r ? r->output : "null");
  }
  w.end_object();
  return w.take();
}

next_action next_while_running(const workflow_definition& def,
                               const execution_state& s, std::int64_t now) {
  for (auto& step : def.steps) {
    auto* r = s.find(step.name);
    if (!r || r->status == step_status::pending)
      return {next_action::start_step, step.name, 1, 0, {}};
    switch (r->status) {
    case step_status::completed:
      continue;
    case step_status::running:
      if (!step.wait_for_signal)
        return {next_action::invoke, step.name, r->attempts, 0, {}};
      if (auto sig = s.signals.find(step.name); sig != s.signals.end())
        return {next_action::take_signal, step.name, r->attempts, 0,
                sig->second};
      if (now >= r->wait_until)
        return {next_action::time_out, step.name, r->attempts, 0, {}};
      return {next_action::sleep, step.name, r->attempts, r->wait_until, {}};
    case step_status::retrying:
      if (now >= r->retry_at)
        return {next_action::start_step, step.name, r->attempts + 1, 0, {}};
      return {next_action::sleep, step.name, r->attempts, r->retry_at, {}};
    default:
      return {}; // a step failed for good: the status says compensating
    }
  }
  return {next_action::complete, {}, 0, 0, result_of(def, s)};
}

next_action next_while_compensating(const workflow_definition& def,
                                    const execution_state& s,
                                    std::int64_t now) {
  // Completed steps are undone last to first; a step without a compensate
  // has nothing to undo.
  for (auto i = def.steps.rbegin(); i != def.steps.rend(); ++i) {
    auto* r = s.find(i->name);
    if (!r || r->status != step_status::completed || !i->compensate)
      continue;
    if (r->retry_at > now)
      return {
        next_action::sleep, i->name, r->compensation_attempts, r->retry_at, {}};
    return {
      next_action::compensate, i->name, r->compensation_attempts + 1, 0, {}};
  }
  return {next_action::fail, {}, 0, 0, s.error};
}

} // namespace

execution_state evolve(execution_state s, const execution_event& e) {
  std::visit(folder{s}, e);
  ++s.version;
  s.updated_at = time_of(e);
  return s;
}

next_action next(const workflow_definition& def, const execution_state& s,
                 std::int64_t now_ms) {
  switch (s.status) {
  case execution_status::running:
    return next_while_running(def, s, now_ms);
  case execution_status::compensating:
    return next_while_compensating(def, s, now_ms);
  default:
    return {};
  }
}

} // namespace souk::workflows
