#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
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
  /// An entity with no command for this long is stopped by its host; the
  /// next command respawns and rehydrates it. (The host sweeps its table:
  /// an idle entity carries no timer of its own.)
  std::chrono::milliseconds idle_timeout{std::chrono::minutes{2}};
  /// Save a snapshot whenever the version crosses a multiple of this
  /// (0: never). Loading always starts from the latest snapshot there is.
  std::int64_t snapshot_every = 100;
};

template <class Domain>
struct entity_state {
  static inline const char* name = "souk.entity";
  std::string id;
  typename Domain::state_type state;
  caf::actor reader;
  caf::actor appender;
  std::int64_t snapshot_every = 0;
  /// Set when the stream could not be loaded; commands fail until a reload
  /// succeeds. A pointer: idle entities are many, broken ones rare.
  std::unique_ptr<entity_error> broken;
};

namespace detail {

// Delivers and returns nothing, so early exits read `return answer(...)`.
template <class Promise, class Reply>
void answer(Promise& rp, Reply&& reply) {
  rp.deliver(std::forward<Reply>(reply));
}

template <class Domain>
using entity_self = caf::stateful_actor<entity_state<Domain>>*;

// Folds the events after `base` into it. `await`: no command is decided on
// a half-loaded state.
template <class Domain, class Then>
void replay(entity_self<Domain> self, typename Domain::state_type base,
            Then then) {
  auto& st = self->state;
  auto from = base.version + 1;
  self
    ->request(st.reader, caf::infinite, read_atom::value,
              Domain::stream(st.id), from)
    .await(
      [self, then, base = std::move(base)](read_result& r) mutable {
        auto& st = self->state;
        st.broken.reset();
        if (!r) {
          st.broken = std::make_unique<entity_error>(
            entity_error::from(r.error()));
          return then();
        }
        for (auto& ev : *r) {
          auto decoded = Domain::codec().decode(ev);
          if (!decoded) {
            spdlog::error("{} {}: {}", Domain::kind, st.id,
                          decoded.error().message);
            st.broken = std::make_unique<entity_error>(entity_error{
              "internal", "entity cannot be loaded", false});
            return then();
          }
          base = Domain::evolve(std::move(base), *decoded);
        }
        st.state = std::move(base);
        then();
      },
      [self, then](caf::error& err) mutable {
        self->state.broken = std::make_unique<entity_error>(entity_error{
          "unavailable", "event store reader: " + caf::to_string(err), true});
        then();
      });
}

// Loads the entity: its latest snapshot, if any and readable, then the
// events after it.
template <class Domain, class Then>
void load(entity_self<Domain> self, Then then) {
  auto& st = self->state;
  self
    ->request(st.reader, caf::infinite, load_snap_atom::value,
              Domain::stream(st.id))
    .await(
      [self, then](snapshot_result& r) mutable {
        typename Domain::state_type base;
        if (r && *r) {
          auto decoded = Domain::decode_state((*r)->state);
          if (decoded && decoded->version == (*r)->version)
            base = std::move(*decoded);
          else
            spdlog::warn("{} {}: snapshot at {} unreadable, replaying all",
                         Domain::kind, self->state.id, (*r)->version);
        }
        replay<Domain>(self, std::move(base), then);
      },
      [self, then](caf::error&) mutable {
        replay<Domain>(self, typename Domain::state_type{}, then);
      });
}

// Saves a snapshot when the version crossed a multiple of snapshot_every.
template <class Domain>
void maybe_snapshot(entity_self<Domain> self, std::int64_t before) {
  auto& st = self->state;
  auto every = st.snapshot_every;
  if (every <= 0 || before / every == st.state.version / every)
    return;
  self->send(st.reader, save_snap_atom::value,
             snapshot{Domain::stream(st.id), st.state.version,
                      Domain::snapshot_type, Domain::encode_state(st.state),
                      {}});
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
        auto before = st.state.version;
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
        maybe_snapshot<Domain>(self, before);
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
/// answers each with `entity_reply<Domain>`. `passivate_atom` stops it once
/// the commands before it are done.
template <class Domain>
caf::behavior entity(detail::entity_self<Domain> self, std::string id,
                     caf::actor reader, caf::actor appender,
                     entity_options opts) {
  self->state.id = std::move(id);
  self->state.reader = std::move(reader);
  self->state.appender = std::move(appender);
  self->state.snapshot_every = opts.snapshot_every;
  detail::load<Domain>(self, [] {});
  return {
    [self](typename Domain::command_type& cmd) {
      auto rp = self->template make_response_promise<entity_reply<Domain>>();
      detail::handle<Domain>(self, std::move(cmd), rp, 1);
      return rp;
    },
    [self](passivate_atom) { self->quit(); },
  };
}

} // namespace souk
