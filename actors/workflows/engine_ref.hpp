#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/runtime/ask.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/workflows/engine.hpp"

namespace souk::workflows {

/// The workflow engine's handle, typed: each call is one of the engine's
/// messages (see `spawn_workflow_engine`) and its continuation gets the
/// reply, or a retriable `unavailable` error when none came in time. The
/// continuations run on a CAF thread and must not block.
class engine_ref {
public:
  engine_ref() = default;

  engine_ref(caf::actor_system& sys, caf::actor engine)
    : sys_(&sys), engine_(std::move(engine)) {
    // nop
  }

  /// Starts `workflow` under `key` (joins it when the key ran before);
  /// `k(execution_reply)` once the start is durable.
  template <class K>
  void start(std::string workflow, std::string key, std::string input,
             std::string by, K k, std::chrono::milliseconds timeout) const {
    call<execution_reply>(std::move(k), timeout, wf_start_atom::value,
                          std::move(workflow), std::move(key), std::move(input),
                          std::move(by));
  }

  /// `k(execution_reply)` once execution `id` completed or failed.
  template <class K>
  void result(std::string id, K k, std::chrono::milliseconds timeout) const {
    call<execution_reply>(std::move(k), timeout, wf_result_atom::value,
                          std::move(id));
  }

  /// `k(execution_reply)` with execution `id` as it is now.
  template <class K>
  void inspect(std::string id, K k, std::chrono::milliseconds timeout) const {
    call<execution_reply>(std::move(k), timeout, wf_inspect_atom::value,
                          std::move(id));
  }

  /// `k(execution_list)`: a page of executions, newest first.
  template <class K>
  void list(std::int64_t limit, std::int64_t offset, K k,
            std::chrono::milliseconds timeout) const {
    call<execution_list>(std::move(k), timeout, wf_list_atom::value, limit,
                         offset);
  }

  /// The engine actor, for workflow starters and shutdown.
  const caf::actor& actor() const noexcept { return engine_; }

private:
  template <class Reply, class K, class... Ts>
  void call(K k, std::chrono::milliseconds timeout, Ts... xs) const {
    ask<Reply>(
      *sys_, engine_, timeout,
      [k](std::optional<Reply> r, const std::string& why) {
        if (!r)
          return k(Reply{entity_error{runtime_errc::unavailable, why, true}});
        k(std::move(*r));
      },
      std::move(xs)...);
  }

  caf::actor_system* sys_ = nullptr;
  caf::actor engine_;
};

} // namespace souk::workflows
