#pragma once

#include <limits>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/workflows/engine.hpp"

namespace souk::workflows {

struct execution_settings {
  caf::actor reader;
  caf::actor appender;
  engine_options opts;
  /// When the engine was spawned: an unfinished execution started since
  /// then, that this engine did not start, is another engine's to drive.
  std::int64_t engine_since = std::numeric_limits<std::int64_t>::max();
};

/// The actor of one execution (spawned by the engine). Loads its stream,
/// then drives it with `next` until it finished, recording every outcome
/// before acting on it; answers the engine's messages (without the id) and
/// stops once the execution finished and every waiter has its answer.
caf::actor spawn_execution(caf::local_actor* parent, std::string id,
                           std::shared_ptr<const workflow_set> set,
                           execution_settings settings);

} // namespace souk::workflows
