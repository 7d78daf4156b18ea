#include "actors/workflows/engine.hpp"

#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/events.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "actors/workflows/execution_actor.hpp"

namespace souk::workflows {

namespace {

// -- the index: blocking queries on their own thread
// ----------------------------

struct index_state {
  std::unique_ptr<execution_index> index;
};

caf::behavior
index_actor(caf::stateful_actor<index_state>* self,
            std::function<std::unique_ptr<execution_index>()> make) {
  self->state.index = make();
  return {
    [self](wf_list_atom, std::int64_t limit, std::int64_t offset) {
      return self->state.index->list(limit, offset);
    },
    [self](wf_resume_atom, std::int64_t before_ms) {
      return self->state.index->unfinished(before_ms);
    },
  };
}

// -- the engine
// -----------------------------------------------------------------

using reply_promise = caf::typed_response_promise<execution_reply>;

struct engine_state {
  static inline const char* name = "souk.workflow_engine";
  std::shared_ptr<const workflow_set> set;
  execution_settings settings;
  caf::actor index;
  std::unordered_map<std::string, caf::actor> executions;
  /// Execution id by actor, to find who went down without a scan.
  std::unordered_map<caf::actor_id, std::string> by_actor;
};

using engine_ptr = caf::stateful_actor<engine_state>*;

caf::actor execution_for(engine_ptr self, const std::string& id) {
  auto& st = self->state;
  auto& hdl = st.executions[id];
  if (!hdl) {
    hdl = spawn_execution(self, id, st.set, st.settings);
    self->monitor(hdl);
    st.by_actor.emplace(hdl.id(), id);
  }
  return hdl;
}

// Asks the execution `id` (spawning it: it loads and resumes itself) and
// passes its answer on. An execution stops once it finished; a message
// racing that stop is retried once on a fresh actor.
template <class... Ts>
void forward(engine_ptr self, std::string id, reply_promise rp, bool may_retry,
             Ts... xs) {
  auto hdl = execution_for(self, id);
  self->request(hdl, caf::infinite, xs...)
    .then([rp](execution_reply& r) mutable { rp.deliver(std::move(r)); },
          [self, id, rp, may_retry, xs...](caf::error& err) mutable {
            if (may_retry && err == caf::sec::request_receiver_down) {
              self->state.executions.erase(id);
              return forward(self, id, rp, false, xs...);
            }
            spdlog::error("workflow execution {}: {}", id, caf::to_string(err));
            rp.deliver(execution_reply{
              entity_error{runtime_errc::internal,
                           "the workflow execution failed; retry", true}});
          });
}

execution_reply bad(error_code code, std::string message) {
  return execution_reply{entity_error{code, std::move(message)}};
}

// Gathers the executions of `ids` in order.
void inspect_all(engine_ptr self, std::vector<std::string> ids,
                 caf::typed_response_promise<execution_list> rp) {
  struct gathering {
    std::vector<execution_state> items;
    size_t waiting = 0;
    caf::typed_response_promise<execution_list> rp;
  };
  auto g = std::make_shared<gathering>();
  g->items.resize(ids.size());
  g->waiting = ids.size();
  g->rp = rp;
  if (ids.empty())
    return g->rp.deliver(execution_list{std::vector<execution_state>{}}),
           void();
  for (size_t i = 0; i < ids.size(); ++i) {
    self
      ->request(execution_for(self, ids[i]), caf::infinite,
                wf_inspect_atom::value)
      .then(
        [g, i](execution_reply& r) {
          if (r)
            g->items[i] = std::move(*r);
          if (--g->waiting == 0)
            g->rp.deliver(execution_list{std::move(g->items)});
        },
        [g, i, id = ids[i]](caf::error&) {
          g->items[i].id = id; // stopped meanwhile: listed by id only
          if (--g->waiting == 0)
            g->rp.deliver(execution_list{std::move(g->items)});
        });
  }
}

caf::behavior engine(engine_ptr self, workflow_set set, caf::actor reader,
                     caf::actor appender, caf::actor index, engine_options opts,
                     std::int64_t spawned_at) {
  auto& st = self->state;
  st.set = std::make_shared<const workflow_set>(std::move(set));
  st.settings = {std::move(reader), std::move(appender), opts, spawned_at};
  st.index = std::move(index);
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, hdl] : self->state.executions)
      self->send_exit(hdl, msg.reason);
    self->quit(msg.reason);
  });
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    auto who = st.by_actor.find(dm.source.id());
    if (who == st.by_actor.end())
      return;
    auto i = st.executions.find(who->second);
    // The id may have a newer actor already (a retried message).
    if (i != st.executions.end() && i->second.id() == dm.source.id())
      st.executions.erase(i);
    st.by_actor.erase(who);
  });
  // Resume every unfinished execution: each picks up after its last
  // recorded outcome.
  self->request(st.index, caf::infinite, wf_resume_atom::value, spawned_at)
    .then(
      [self](id_list& ids) {
        if (!ids) {
          spdlog::error("workflows: cannot list unfinished executions: {}",
                        ids.error().message);
          return;
        }
        if (!ids->empty())
          spdlog::info("workflows: resuming {} unfinished executions",
                       ids->size());
        for (auto& id : *ids)
          execution_for(self, id);
      },
      [](caf::error& err) {
        spdlog::error("workflows: index: {}", caf::to_string(err));
      });
  return {
    [self](wf_start_atom, std::string& workflow, std::string& key,
           std::string& input,
           std::string& by) -> caf::result<execution_reply> {
      if (self->state.set->count(workflow) == 0)
        return bad(domain_errc::not_found,
                   "no workflow named '" + workflow + "'");
      if (input.empty())
        input = "null";
      if (!is_valid_json(input))
        return bad(runtime_errc::invalid_data,
                   "the workflow's input is not JSON");
      if (key.empty())
        key = workflow + ":" + make_uuid_v7();
      auto rp = self->make_response_promise<execution_reply>();
      forward(self, key, rp, true, wf_start_atom::value, workflow, input, by);
      return rp;
    },
    [self](wf_result_atom, std::string& id) {
      auto rp = self->make_response_promise<execution_reply>();
      forward(self, id, rp, true, wf_result_atom::value);
      return rp;
    },
    [self](wf_inspect_atom, std::string& id) {
      auto rp = self->make_response_promise<execution_reply>();
      forward(self, id, rp, true, wf_inspect_atom::value);
      return rp;
    },
    [self](wf_signal_atom, std::string& id, std::string& step,
           std::string& payload) {
      auto rp = self->make_response_promise<execution_reply>();
      forward(self, id, rp, true, wf_signal_atom::value, step, payload);
      return rp;
    },
    [self](wf_list_atom, std::int64_t limit, std::int64_t offset) {
      auto rp = self->make_response_promise<execution_list>();
      self
        ->request(self->state.index, caf::infinite, wf_list_atom::value, limit,
                  offset)
        .then(
          [self, rp](id_list& ids) mutable {
            if (!ids)
              return rp.deliver(
                       execution_list{entity_error::from(ids.error())}),
                     void();
            inspect_all(self, std::move(*ids), rp);
          },
          [rp](caf::error& err) mutable {
            rp.deliver(execution_list{entity_error{runtime_errc::unavailable,
                                                   caf::to_string(err), true}});
          });
      return rp;
    },
  };
}

} // namespace

caf::actor
spawn_execution_index(caf::actor_system& sys,
                      std::function<std::unique_ptr<execution_index>()> make) {
  return sys.spawn<caf::detached>(index_actor, std::move(make));
}

caf::actor spawn_workflow_engine(caf::actor_system& sys, workflow_set set,
                                 caf::actor reader, caf::actor appender,
                                 caf::actor index, engine_options opts) {
  // Taken here, before anyone can start an execution through it: the
  // engine resumes only what was started before (see unfinished()).
  return sys.spawn(engine, std::move(set), std::move(reader),
                   std::move(appender), std::move(index), opts, now_ms());
}

std::string to_json(const execution_state& s) {
  json_writer w;
  w.begin_object();
  w.key("id").value(s.id).key("workflow").value(s.workflow);
  w.key("state").value(to_string(s.status));
  w.key("input").raw(s.input).key("result").raw(s.result);
  if (s.error.empty())
    w.key("error").null();
  else
    w.key("error").value(s.error);
  w.key("started_by").value(s.started_by);
  w.key("started_at").value(s.started_at).key("updated_at").value(s.updated_at);
  w.key("steps").begin_array();
  for (auto& r : s.steps) {
    w.begin_object();
    w.key("name").value(r.name).key("state").value(to_string(r.status));
    w.key("attempts").value(r.attempts);
    w.key("compensation_attempts").value(r.compensation_attempts);
    w.key("output").raw(r.output);
    if (r.error.empty())
      w.key("error").null();
    else
      w.key("error").value(r.error);
    w.key("started_at").value(r.started_at);
    w.key("finished_at").value(r.finished_at);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace souk::workflows
