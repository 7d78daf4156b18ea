#include "actors/workflows/workflow_starter.hpp"

#include <stdexcept>

#include "actors/runtime/atoms.hpp"
#include "actors/workflows/engine.hpp"

namespace souk::workflows {

std::function<void(const recorded_event&)>
workflow_starter(caf::actor_system& sys, caf::actor engine, start_rule rule) {
  return [&sys, engine, rule](const recorded_event& ev) {
    auto key = rule.key(ev);
    if (key.empty())
      return; // the event asks for no workflow
    auto input = rule.input ? rule.input(ev) : ev.data;
    caf::scoped_actor self{sys};
    std::string problem;
    self
      ->request(engine, rule.timeout, wf_start_atom::value, rule.workflow, key,
                std::move(input), "event:" + ev.event_id)
      .receive(
        [&](execution_reply& r) {
          if (!r)
            problem = std::string{to_string(r.error().code)} + ": "
                      + r.error().message;
        },
        [&](caf::error& err) { problem = caf::to_string(err); });
    if (!problem.empty())
      throw std::runtime_error("starting " + rule.workflow + " for event "
                               + ev.event_id + ": " + problem);
  };
}

} // namespace souk::workflows
