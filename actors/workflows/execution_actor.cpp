#include "actors/workflows/execution_actor.hpp"

#include <spdlog/spdlog.h>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/events.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/runtime/units.hpp"

namespace souk::workflows {

namespace {

using reply_promise = caf::typed_response_promise<execution_reply>;

struct execution_data {
  static inline const char* name = "souk.workflow_execution";
  std::string id;
  std::shared_ptr<const workflow_set> set;
  const workflow_definition* def = nullptr;
  execution_settings settings;
  execution_state st;
  /// Folded into `st` but not yet appended.
  std::vector<execution_event> pending;
  /// Answered once `pending` is durable.
  std::vector<reply_promise> pending_waiters;
  /// Answered once the execution finished.
  std::vector<reply_promise> result_waiters;
  bool loaded = false;
  /// Another engine drives this execution; this actor only follows it.
  bool following = false;
  bool appending = false;
  /// Identifies the step try (or timer) in flight; late answers carry an
  /// older token and are ignored.
  std::uint64_t token = 0;
  bool running_step = false;
  next_action running; // the try in flight
  std::string broken;  // why it cannot go on (unknown workflow, bad events)
  /// Why the stream could not be read (the database is down): answered
  /// as retriable while the load is tried again.
  std::string unavailable;
  /// Last message handled; a finished execution stops after lingering.
  std::chrono::steady_clock::time_point last_used;
};

using self_ptr = caf::stateful_actor<execution_data>*;

void advance(self_ptr self);
void follow(self_ptr self);

/// The wake token of a follower's re-read.
constexpr std::uint64_t follow_token = ~std::uint64_t{0};
/// The wake token of a load tried again after the store was unavailable.
constexpr std::uint64_t reload_token = follow_token - 1;
constexpr std::chrono::milliseconds reload_delay{250};

// Stops the actor once nothing asked about it for `linger`: messages racing
// the stop are retried by the engine on a fresh actor.
void linger(self_ptr self) {
  self->delayed_send(self, self->state.settings.opts.linger,
                     passivate_atom::value);
}

void stage(self_ptr self, execution_event ev) {
  auto& d = self->state;
  d.st = evolve(std::move(d.st), ev);
  d.pending.push_back(std::move(ev));
}

void answer_all(std::vector<reply_promise>& waiters, const execution_reply& r) {
  for (auto& w : waiters)
    w.deliver(r);
  waiters.clear();
}

// Folds the stream into a fresh state; `then` runs once it is loaded.
template <class Then>
void load(self_ptr self, Then then) {
  auto& d = self->state;
  self
    ->request(d.settings.reader, caf::infinite, read_atom::value,
              stream_of(d.id), std::int64_t{1})
    .await(
      [self, then](read_result& r) mutable {
        auto& d = self->state;
        d.loaded = true;
        d.unavailable.clear();
        if (!r) {
          (r.error().retriable() ? d.unavailable : d.broken)
            = r.error().message;
          return then();
        }
        execution_state st;
        st.id = d.id;
        for (auto& ev : *r) {
          auto decoded = codec().decode(ev);
          if (!decoded) {
            d.broken = decoded.error().message;
            spdlog::error("workflow execution {}: {}", d.id, d.broken);
            return then();
          }
          st = evolve(std::move(st), *decoded);
        }
        d.st = std::move(st);
        d.pending.clear();
        d.def = nullptr;
        if (d.st.status != execution_status::none) {
          auto i = d.set->find(d.st.workflow);
          if (i == d.set->end())
            d.broken = "workflow '" + d.st.workflow + "' is not defined here";
          else
            d.def = i->second.get();
        }
        then();
      },
      [self, then](caf::error& err) mutable {
        self->state.loaded = true;
        self->state.broken = "event store reader: " + caf::to_string(err);
        then();
      });
}

// Appends what is pending with the expected version; on success goes on.
void flush(self_ptr self) {
  auto& d = self->state;
  d.appending = true;
  auto events = std::move(d.pending);
  auto waiters = std::move(d.pending_waiters);
  d.pending.clear();
  d.pending_waiters.clear();
  append_request req{stream_of(d.id),
                     d.st.version - static_cast<std::int64_t>(events.size()),
                     {}};
  for (auto& e : events)
    req.events.push_back(encode(e));
  self
    ->request(d.settings.appender, caf::infinite, append_atom::value,
              std::move(req))
    .then(
      [self, events, waiters](append_result& r) mutable {
        auto& d = self->state;
        d.appending = false;
        if (r) {
          answer_all(waiters, execution_reply{d.st});
          if (d.pending.empty()) // they came while this batch was in flight
            answer_all(d.pending_waiters, execution_reply{d.st});
          return advance(self);
        }
        if (r.error().code == store_errc::version_conflict) {
          // Our start lost to another engine's (another node): that one
          // drives the execution; this actor only follows its stream.
          // Later conflicts (a signal written elsewhere) just reload.
          bool lost_start
            = std::holds_alternative<execution_started>(events.front());
          if (lost_start)
            d.following = true;
          return load(self, [self, lost_start, waiters]() mutable {
            auto& d = self->state;
            // Load dropped what was pending; its waiters are answered too.
            waiters.insert(waiters.end(), d.pending_waiters.begin(),
                           d.pending_waiters.end());
            d.pending_waiters.clear();
            if (lost_start)
              answer_all(waiters, execution_reply{d.st}); // that key ran
            else
              answer_all(waiters,
                         execution_reply{entity_error{
                           store_errc::version_conflict,
                           "the execution changed meanwhile; retry", true}});
            if (d.following)
              follow(self);
            advance(self);
          });
        }
        // The store is away: keep the events and try again later.
        spdlog::warn("workflow execution {}: {}; retrying", d.id,
                     r.error().message);
        events.insert(events.end(), d.pending.begin(), d.pending.end());
        d.pending = std::move(events);
        waiters.insert(waiters.end(), d.pending_waiters.begin(),
                       d.pending_waiters.end());
        d.pending_waiters = std::move(waiters);
        d.appending = true; // nothing else moves until the retry
        self->delayed_send(self, d.settings.opts.store_retry, wake_atom::value,
                           std::uint64_t{0});
      },
      [self](caf::error& err) {
        spdlog::error("workflow execution {}: appender: {}", self->state.id,
                      caf::to_string(err));
        self->quit(err);
      });
}

step_context context_of(const execution_state& st, const next_action& a) {
  step_context ctx;
  ctx.execution_id = st.id;
  ctx.step = a.step;
  ctx.attempt = a.attempt;
  ctx.input = st.input;
  for (auto& r : st.steps)
    if (r.status == step_status::completed
        || r.status == step_status::compensation_failed
        || r.status == step_status::compensated)
      ctx.outputs[r.name] = r.output;
  return ctx;
}

const step_definition& step_of(const workflow_definition& def,
                               const std::string& name) {
  for (auto& s : def.steps)
    if (s.name == name)
      return s;
  throw std::logic_error("no step " + name); // next() only names known steps
}

// Runs one try of a step's invoke or compensate; its outcome comes back as
// (step_done, token, outcome), whatever thread the step answers from.
void run_step(self_ptr self, const next_action& a) {
  auto& d = self->state;
  auto& step = step_of(*d.def, a.step);
  auto& fn = a.kind == next_action::invoke ? step.invoke : step.compensate;
  auto token = ++d.token;
  d.running_step = true;
  d.running = a;
  auto me = caf::actor_cast<caf::actor>(self);
  step_done done = [me, token](step_outcome outcome) {
    caf::anon_send(me, step_done_atom::value, token, std::move(outcome));
  };
  if (step.timeout.count() > 0)
    self->delayed_send(
      self, step.timeout, step_done_atom::value, token,
      step_outcome{step_error{"timed out after "
                                + std::to_string(step.timeout.count()) + " ms",
                              runtime_errc::unavailable}});
  try {
    fn(context_of(d.st, a), std::move(done));
  } catch (const std::exception& e) {
    caf::anon_send(me, step_done_atom::value, token,
                   step_outcome{step_error{std::string{"threw: "} + e.what()}});
  }
}

void on_step_done(self_ptr self, step_outcome& outcome) {
  auto& d = self->state;
  d.running_step = false;
  auto a = d.running;
  auto& step = step_of(*d.def, a.step);
  auto now = now_ms();
  if (outcome && !is_valid_json(*outcome))
    outcome = step_outcome{
      step_error{"its output is not JSON", runtime_errc::internal}};
  auto retry_at = a.attempt < step.retry.max_attempts
                    ? std::max<std::int64_t>(now + step.retry.delay.count(), 1)
                    : 0;
  if (a.kind == next_action::invoke) {
    if (outcome)
      stage(self, step_completed{a.step, *outcome, now});
    else
      stage(self, step_failed{a.step, a.attempt, outcome.error().message,
                              retry_at, now, outcome.error().code});
  } else if (outcome) {
    stage(self, step_compensated{a.step, a.attempt, now});
  } else {
    stage(self, compensation_failed{a.step, a.attempt, outcome.error().message,
                                    retry_at, now});
  }
  if (!outcome)
    spdlog::warn("workflow {} {}: step '{}' try {} failed ({}): {}",
                 d.st.workflow, d.id, a.step, a.attempt,
                 to_string(outcome.error().code), outcome.error().message);
}

// A follower re-reads its stream until the execution finished, for the
// callers waiting for the result.
void follow(self_ptr self) {
  auto& d = self->state;
  if (d.st.finished()) {
    answer_all(d.result_waiters, execution_reply{d.st});
    return linger(self);
  }
  self->delayed_send(self, std::chrono::milliseconds{100}, wake_atom::value,
                     follow_token);
}

void advance(self_ptr self) {
  auto& d = self->state;
  if (!d.loaded || d.appending || d.running_step || !d.def)
    return;
  if (d.following) { // write what came here (signals), drive nothing
    if (!d.pending.empty())
      flush(self);
    return;
  }
  auto now = now_ms();
  next_action a;
  for (;;) {
    a = next(*d.def, d.st, now);
    switch (a.kind) {
    case next_action::start_step: {
      auto& step = step_of(*d.def, a.step);
      stage(self,
            step_started{a.step, a.attempt,
                         step.wait_for_signal ? now + step.timeout.count() : 0,
                         now});
      continue;
    }
    case next_action::take_signal:
      stage(self, step_completed{a.step, a.text, now});
      continue;
    case next_action::time_out:
      stage(self, step_failed{
                    a.step, a.attempt,
                    "no signal within "
                      + std::to_string(step_of(*d.def, a.step).timeout.count())
                      + " ms",
                    0, now, runtime_errc::unavailable});
      continue;
    case next_action::complete:
      stage(self, execution_completed{a.text, now});
      continue;
    case next_action::fail:
      stage(self, execution_failed{a.text, now});
      continue;
    default:
      break;
    }
    break;
  }
  // Outcomes are durable before anything acts on them.
  if (!d.pending.empty())
    return flush(self);
  switch (a.kind) {
  case next_action::invoke:
  case next_action::compensate:
    return run_step(self, a);
  case next_action::sleep:
    self->delayed_send(self, std::chrono::milliseconds{a.until - now},
                       wake_atom::value, ++d.token);
    return;
  default:
    break;
  }
  if (d.st.finished()) {
    answer_all(d.result_waiters, execution_reply{d.st});
    linger(self);
  }
}

// A message that needs the loaded state waits for it (`await` in load
// keeps the mailbox closed until then).
execution_reply not_found(const std::string& id) {
  return execution_reply{
    entity_error{domain_errc::not_found, "no workflow execution '" + id + "'"}};
}

// Loads the execution, then resumes or follows it. A store that cannot be
// read is tried again shortly; until then every question is answered as
// retriable (a 503, not a hang), and the execution resumes on its own once
// the database is back.
void start(self_ptr self) {
  load(self, [self] {
    auto& d = self->state;
    if (!d.unavailable.empty()) {
      self->delayed_send(self, reload_delay, wake_atom::value, reload_token);
      return;
    }
    // Unfinished and started since this engine came up, by someone else
    // (this actor is new): a live engine drives it; two drivers would run
    // its steps twice. (What was started before is resumed: its engine
    // may be gone.)
    if (d.st.status != execution_status::none && !d.st.finished()
        && d.st.started_at >= d.settings.engine_since) {
      d.following = true;
      follow(self);
    }
    advance(self);
    if (d.st.status == execution_status::none)
      linger(self); // asked about an execution that does not exist
  });
}

execution_reply unavailable(const execution_data& d) {
  return execution_reply{
    entity_error{store_errc::unavailable, d.unavailable + "; retry", true}};
}

caf::behavior execution_behavior(self_ptr self, std::string id,
                                 std::shared_ptr<const workflow_set> set,
                                 execution_settings settings) {
  auto& d = self->state;
  d.id = std::move(id);
  d.st.id = d.id;
  d.set = std::move(set);
  d.settings = std::move(settings);
  start(self);
  return {
    [self](wf_start_atom, const std::string& workflow, std::string& input,
           std::string& by) -> caf::result<execution_reply> {
      auto& d = self->state;
      d.last_used = std::chrono::steady_clock::now();
      if (!d.unavailable.empty())
        return unavailable(d);
      if (!d.broken.empty())
        return execution_reply{entity_error{runtime_errc::internal, d.broken}};
      if (d.st.status != execution_status::none) {
        if (d.st.workflow != workflow)
          return execution_reply{entity_error{
            domain_errc::already_exists,
            "key '" + d.id + "' belongs to workflow '" + d.st.workflow + "'"}};
        if (!d.appending && d.pending.empty())
          return execution_reply{d.st}; // that key already ran
        auto rp = self->make_response_promise<execution_reply>();
        d.pending_waiters.push_back(rp); // answered once it is durable
        return rp;
      }
      auto i = d.set->find(workflow);
      d.def = i->second.get(); // the engine checked the name
      stage(self, execution_started{workflow, std::move(input), std::move(by),
                                    now_ms()});
      auto rp = self->make_response_promise<execution_reply>();
      d.pending_waiters.push_back(rp);
      advance(self);
      return rp;
    },
    [self](wf_result_atom) -> caf::result<execution_reply> {
      auto& d = self->state;
      d.last_used = std::chrono::steady_clock::now();
      if (!d.unavailable.empty())
        return unavailable(d);
      if (!d.broken.empty())
        return execution_reply{entity_error{runtime_errc::internal, d.broken}};
      if (d.st.status == execution_status::none)
        return not_found(d.id);
      if (d.st.finished() && d.pending.empty() && !d.appending)
        return execution_reply{d.st};
      auto rp = self->make_response_promise<execution_reply>();
      d.result_waiters.push_back(rp);
      return rp;
    },
    [self](wf_inspect_atom) -> execution_reply {
      auto& d = self->state;
      d.last_used = std::chrono::steady_clock::now();
      if (!d.unavailable.empty())
        return unavailable(d);
      if (d.st.status == execution_status::none && d.pending.empty())
        return not_found(d.id);
      return execution_reply{d.st};
    },
    [self](wf_signal_atom, std::string& step,
           std::string& payload) -> caf::result<execution_reply> {
      auto& d = self->state;
      d.last_used = std::chrono::steady_clock::now();
      if (!d.unavailable.empty())
        return unavailable(d);
      if (d.st.status == execution_status::none)
        return not_found(d.id);
      if (!d.broken.empty())
        return execution_reply{entity_error{runtime_errc::internal, d.broken}};
      auto waits = std::any_of(d.def->steps.begin(), d.def->steps.end(),
                               [&](const step_definition& s) {
                                 return s.name == step && s.wait_for_signal;
                               });
      if (!waits)
        return execution_reply{entity_error{runtime_errc::invalid_data,
                                            "workflow '" + d.st.workflow
                                              + "' has no step '" + step
                                              + "' waiting for a signal"}};
      if (!is_valid_json(payload))
        return execution_reply{entity_error{
          runtime_errc::invalid_data, "the signal's payload is not JSON"}};
      if (d.st.finished() || d.st.signals.count(step) > 0)
        return execution_reply{d.st}; // late or repeated: nothing to do
      stage(self, signal_received{step, std::move(payload), now_ms()});
      auto rp = self->make_response_promise<execution_reply>();
      d.pending_waiters.push_back(rp);
      advance(self);
      return rp;
    },
    [self](step_done_atom, std::uint64_t token, step_outcome& outcome) {
      auto& d = self->state;
      d.last_used = std::chrono::steady_clock::now();
      if (token != d.token || !d.running_step)
        return; // a late answer of a try that timed out
      on_step_done(self, outcome);
      advance(self);
    },
    [self](passivate_atom) {
      auto& d = self->state;
      auto idle = std::chrono::steady_clock::now() - d.last_used;
      bool done = d.st.finished() || d.st.status == execution_status::none;
      if (!done || d.appending || !d.pending.empty())
        return;
      if (idle >= d.settings.opts.linger)
        return self->quit();
      linger(self);
    },
    [self](wake_atom, std::uint64_t token) {
      auto& d = self->state;
      if (token == follow_token)
        return load(self, [self] { follow(self); });
      if (token == reload_token)
        return start(self);
      if (token == 0 && d.appending) { // the store retry
        d.appending = false;
        if (!d.pending.empty())
          return flush(self);
        return advance(self);
      }
      if (token == d.token && !d.running_step)
        advance(self);
    },
  };
}

} // namespace

caf::actor spawn_execution(caf::local_actor* parent, std::string id,
                           std::shared_ptr<const workflow_set> set,
                           execution_settings settings) {
  return parent->spawn(execution_behavior, std::move(id), std::move(set),
                       std::move(settings));
}

} // namespace souk::workflows
