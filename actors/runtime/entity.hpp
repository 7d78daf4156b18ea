#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/entity_error.hpp"
#include "actors/runtime/store_actors.hpp"

namespace souk {

/// What a command to an entity answers: the state after it, or why not.
template <class Domain>
using entity_reply = expected<typename Domain::state_type, entity_error>;

/// Settings of the entities of one kind.
struct entity_options {
  /// An entity with no command for this long stops; the next command
  /// respawns and rehydrates it.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes{2}};
};

template <class Domain>
struct entity_state {
  static inline const char* name = "souk.entity";
  std::string id;
  typename Domain::state_type state;
  caf::actor reader;
  caf::actor appender;
  /// Set when the stream could not be loaded; commands fail until a reload
  /// succeeds.
  std::optional<entity_error> broken;
};

namespace detail {

// Delivers and returns nothing, so early exits read `return answer(...)`.
template <class Promise, class Reply>
void answer(Promise& rp, Reply&& reply) {
  rp.deliver(std::forward<Reply>(reply));
}

template <class Domain>
using entity_self = caf::stateful_actor<entity_state<Domain>>*;

// Replays the stream into a fresh state. `await`: no command is decided on
// a half-loaded state.
template <class Domain, class Then>
void load(entity_self<Domain> self, Then then) {
  auto& st = self->state;
  self
    ->request(st.reader, caf::infinite, read_atom::value,
              Domain::stream(st.id), std::int64_t{1})
    .await(
      [self, then](read_result& r) mutable {
        auto& st = self->state;
        if (!r) {
          st.broken = entity_error::from(r.error());
        } else {
          typename Domain::state_type fresh;
          st.broken.reset();
          for (auto& ev : *r) {
            auto decoded = Domain::codec().decode(ev);
            if (!decoded) {
              spdlog::error("{} {}: {}", Domain::kind, st.id,
                            decoded.error().message);
              st.broken = entity_error{"internal", "entity cannot be loaded",
                                       false};
              break;
            }
            fresh = Domain::evolve(std::move(fresh), *decoded);
          }
          if (!st.broken)
            st.state = std::move(fresh);
        }
        then();
      },
      [self, then](caf::error& err) mutable {
        self->state.broken = entity_error{
          "unavailable", "event store reader: " + caf::to_string(err), true};
        then();
      });
}

// decide → append (expected version) → evolve → reply. On a version
// conflict the stream is reloaded and the command decided once more.
template <class Domain>
void handle(entity_self<Domain> self, typename Domain::command_type cmd,
            caf::typed_response_promise<entity_reply<Domain>> rp,
            int retries_left) {
  auto& st = self->state;
  if (st.broken)
    return answer(rp, entity_reply<Domain>{*st.broken});
  std::vector<typename Domain::event_type> events;
  try {
    auto decided = Domain::decide(st.state, cmd);
    if (!decided)
      return answer(rp, 
        entity_reply<Domain>{entity_error::from(decided.error())});
    events = std::move(*decided);
  } catch (const std::exception& e) {
    // Fail this command only; start again from what is persisted.
    spdlog::error("{} {}: command handler threw: {}", Domain::kind, st.id,
                  e.what());
    rp.deliver(entity_reply<Domain>{
      entity_error{"internal", "the command failed; it was not applied", true}});
    return load<Domain>(self, [] {});
  }
  if (events.empty())
    return answer(rp, entity_reply<Domain>{st.state});
  append_request req{Domain::stream(st.id), st.state.version, {}};
  for (auto& e : events)
    req.events.push_back(Domain::encode(e));
  self->request(st.appender, caf::infinite, append_atom::value, std::move(req))
    .await(
      [self, cmd, rp, retries_left,
       events = std::move(events)](append_result& r) mutable {
        auto& st = self->state;
        if (!r && r.error().code == store_errc::version_conflict
            && retries_left > 0)
          return load<Domain>(self, [self, cmd, rp, retries_left]() mutable {
            handle<Domain>(self, std::move(cmd), std::move(rp),
                           retries_left - 1);
          });
        if (!r)
          return answer(rp, entity_reply<Domain>{entity_error::from(r.error())});
        try {
          for (auto& e : events)
            st.state = Domain::evolve(std::move(st.state), e);
        } catch (const std::exception& e) {
          spdlog::error("{} {}: evolve threw: {}", Domain::kind, st.id,
                        e.what());
          return load<Domain>(self, [self, rp]() mutable {
            rp.deliver(entity_reply<Domain>{self->state.state});
          });
        }
        rp.deliver(entity_reply<Domain>{st.state});
      },
      [rp](caf::error& err) mutable {
        rp.deliver(entity_reply<Domain>{
          entity_error{"unavailable", caf::to_string(err), true}});
      });
}

} // namespace detail

/// The behavior of one entity of `Domain`: loads its stream first, then
/// handles `command_type` messages strictly one after the other (the append
/// is awaited, so the next command sees the state this one left), and
/// answers each with `entity_reply<Domain>`.
template <class Domain>
caf::behavior entity(detail::entity_self<Domain> self, std::string id,
                     caf::actor reader, caf::actor appender,
                     entity_options opts) {
  self->state.id = std::move(id);
  self->state.reader = std::move(reader);
  self->state.appender = std::move(appender);
  detail::load<Domain>(self, [] {});
  return {
    [self](typename Domain::command_type& cmd) {
      auto rp = self->template make_response_promise<entity_reply<Domain>>();
      detail::handle<Domain>(self, std::move(cmd), rp, 1);
      return rp;
    },
    caf::after(opts.idle_timeout) >> [self] { self->quit(); },
  };
}

} // namespace souk
