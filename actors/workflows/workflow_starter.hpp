#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <caf/all.hpp>

#include "actors/runtime/events.hpp"

namespace souk::workflows {

/// How a subscriber turns an event into a workflow start.
struct start_rule {
  std::string workflow;
  /// The idempotency key, derived from the event (e.g.
  /// "create-tickets:" + stream): a redelivered event finds its execution.
  /// An empty key starts nothing (an event of the types that needs none).
  std::function<std::string(const recorded_event&)> key;
  /// The workflow's input (JSON); by default the event's data.
  std::function<std::string(const recorded_event&)> input;
  /// Longest wait for the start to be durable.
  std::chrono::milliseconds timeout{10000};
};

/// An event handler for a durable subscriber (it runs on the subscriber's
/// thread and may block): starts `rule.workflow` for each event and returns
/// once the start is durable. It throws when the engine refuses or does not
/// answer, so the subscriber offers the event again: at-least-once delivery,
/// one execution per key.
std::function<void(const recorded_event&)>
workflow_starter(caf::actor_system& sys, caf::actor engine, start_rule rule);

} // namespace souk::workflows
