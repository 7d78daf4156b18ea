#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/runtime/entity.hpp"

namespace souk {

/// Asks `target` from a thread that must not block (a Beast handler): a
/// one-shot actor sends the request and calls `on_reply(reply)` with the
/// answer, or `on_reply(nullopt, why)` when none came in time. `on_reply`
/// runs on a CAF thread and must not block either.
template <class Reply, class OnReply, class... Ts>
void ask(caf::actor_system& sys, const caf::actor& target,
         std::chrono::milliseconds timeout, OnReply on_reply, Ts... xs) {
  // (The int argument: a zero-argument function actor trips UBSan inside
  // CAF 0.17's init_fun_factory.)
  sys.spawn(
    [target, timeout, on_reply, xs...](caf::event_based_actor* self, int) {
      self->request(target, timeout, xs...)
        .then(
          [on_reply](Reply& r) {
            on_reply(std::optional<Reply>{std::move(r)}, std::string{});
          },
          [on_reply](caf::error& err) {
            on_reply(std::optional<Reply>{}, caf::to_string(err));
          });
    },
    0);
}

/// Sends `cmd` to entity `id` of an entity host and calls `k` with its
/// reply; no reply in time is a retriable `unavailable` error.
template <class Domain, class K>
void ask_entity(caf::actor_system& sys, const caf::actor& host, std::string id,
                typename Domain::command_type cmd, K k,
                std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  using reply = entity_reply<Domain>;
  ask<reply>(
    sys, host, timeout,
    [k](std::optional<reply> r, const std::string& why) {
      if (!r)
        return k(reply{entity_error{runtime_errc::unavailable, why, true}});
      k(std::move(*r));
    },
    std::move(id), std::move(cmd));
}

} // namespace souk
