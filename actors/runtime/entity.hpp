#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/entity_error.hpp"
#include "actors/runtime/store_actors.hpp"

namespace souk {

/// What a command answers when it succeeds. By default the entity's state
/// after it; a domain whose state grows (a stock item's reservations, a
/// store's order numbers) names a small `reply_type` and makes it with
/// `static reply_type reply(const state_type&, const command_type&)`, so
/// answering never copies the state.
template <class Domain, class = void>
struct reply_traits {
  using type = typename Domain::state_type;
  static type make(const typename Domain::state_type& s,
                   const typename Domain::command_type&) {
    return s;
  }
};

template <class Domain>
struct reply_traits<Domain, std::void_t<typename Domain::reply_type>> {
  using type = typename Domain::reply_type;
  static type make(const typename Domain::state_type& s,
                   const typename Domain::command_type& c) {
    return Domain::reply(s, c);
  }
};

/// What a command to an entity answers: its reply (see `reply_traits`) on
/// the state right after it, or why not.
template <class Domain>
using entity_reply
  = expected<typename reply_traits<Domain>::type, entity_error>;

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

/// The snapshot part of a domain that never snapshots (its streams stay
/// short); its host runs with `snapshot_every = 0`. Inherit it.
template <class State>
struct without_snapshots {
  static constexpr const char* snapshot_type = "none";
  static std::string encode_state(const State&) { return "null"; }
  static std::optional<State> decode_state(std::string_view) {
    return std::nullopt;
  }
};

/// A command waiting for its entity's next flush.
template <class Domain>
struct queued_command {
  typename Domain::command_type cmd;
  caf::typed_response_promise<entity_reply<Domain>> rp;
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
  /// Commands that arrived while an append was in flight.
  std::vector<queued_command<Domain>> queue;
  bool appending = false;
  /// The host that spawned it (none when spawned on its own): told when the
  /// entity turns out not to exist, so it does not stay resident for it.
  caf::actor_addr host;
  /// Commands received so far: the host compares it with what it sent.
  std::int64_t received = 0;
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
    ->request(st.reader, caf::infinite, read_atom::value, Domain::stream(st.id),
              from)
    .await(
      [self, then, base = std::move(base)](read_result& r) mutable {
        auto& st = self->state;
        st.broken.reset();
        if (!r) {
          st.broken
            = std::make_unique<entity_error>(entity_error::from(r.error()));
          return then();
        }
        for (auto& ev : *r) {
          auto decoded = Domain::codec().decode(ev);
          if (!decoded) {
            spdlog::error("{} {}: {}", Domain::kind, st.id,
                          decoded.error().message);
            st.broken = std::make_unique<entity_error>(
              entity_error{runtime_errc::internal, "entity cannot be loaded"});
            return then();
          }
          base = Domain::evolve(std::move(base), *decoded);
        }
        st.state = std::move(base);
        then();
      },
      [self, then](caf::error& err) mutable {
        self->state.broken = std::make_unique<entity_error>(
          entity_error{runtime_errc::unavailable,
                       "event store reader: " + caf::to_string(err), true});
        then();
      });
}

// Loads the entity: its latest snapshot, if any and readable, then the
// events after it.
template <class Domain, class Then>
void load(entity_self<Domain> self, Then then) {
  auto& st = self->state;
  // A domain without snapshots has none to look for: one round trip less.
  if (std::string_view{Domain::snapshot_type} == "none")
    return replay<Domain>(self, typename Domain::state_type{}, then);
  self
    ->request(st.reader, caf::infinite, load_snap_atom::value,
              Domain::stream(st.id))
    .await(
      [self, then](snapshot_result& r) mutable {
        typename Domain::state_type base;
        if (r && *r) {
          // A snapshot of another schema (an older state format) is not
          // this decoder's to read: the events say the same.
          auto decoded = (*r)->type == Domain::snapshot_type
                           ? Domain::decode_state((*r)->state)
                           : std::nullopt;
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
  // A domain `without_snapshots` has nothing to save, whatever the host's
  // options say.
  if (every <= 0 || std::string_view{Domain::snapshot_type} == "none"
      || before / every == st.state.version / every)
    return;
  self->send(st.reader, save_snap_atom::value,
             snapshot{Domain::stream(st.id),
                      st.state.version,
                      Domain::snapshot_type,
                      Domain::encode_state(st.state),
                      {}});
}

// Tells the host, before the replies of the batch just decided, that the
// entity has no events and nothing left to do: a read of an id that does
// not exist, or a command it refused. The host then stops it once those
// replies are out, unless more commands were sent to it meanwhile (the
// count says so), instead of keeping an actor per id ever asked for.
template <class Domain>
void report_if_vacant(entity_self<Domain> self) {
  auto& st = self->state;
  if (st.state.version != 0 || st.appending || !st.queue.empty())
    return;
  if (auto host = caf::actor_cast<caf::actor>(st.host))
    self->send(host, vacant_atom::value, st.id, st.received);
}

// Fails the commands from `first` on that had succeeded: their events
// were not saved.
template <class Domain>
void fail_from(std::vector<entity_reply<Domain>>& replies, size_t first,
               const entity_error& err) {
  for (size_t i = first; i < replies.size(); ++i)
    if (replies[i])
      replies[i] = entity_reply<Domain>{err};
}

template <class Domain, class Batch>
void reply_all(Batch& batch, std::vector<entity_reply<Domain>>& replies) {
  for (size_t i = 0; i < batch.size(); ++i)
    batch[i].rp.deliver(std::move(replies[i]));
}

// Decides every queued command in arrival order, each on the state the one
// before it left, and appends all their events as one append with the
// expected version: a burst of commands to a hot entity costs one commit,
// not one each. Events are applied to the state in place as they are
// decided (no copy of the state, which may be large); replies wait for the
// commit. If the append fails, the state holds events that were not saved,
// so the entity reloads what is persisted before the next command (and on
// a version conflict decides the batch once more). While an append is in
// flight, new commands queue up for the next flush.
template <class Domain>
void flush(entity_self<Domain> self, int retries_left) {
  auto& st = self->state;
  if (st.appending || st.queue.empty())
    return;
  auto batch = std::move(st.queue);
  st.queue.clear();
  if (st.broken) {
    report_if_vacant<Domain>(self); // a failed first load: try afresh later
    for (auto& q : batch)
      q.rp.deliver(entity_reply<Domain>{*st.broken});
    return;
  }
  std::vector<entity_reply<Domain>> replies;
  replies.reserve(batch.size());
  std::vector<typename Domain::event_type> events;
  auto expected_version = st.state.version;
  size_t first_change = batch.size(); // from here on, replies need the commit
  bool threw = false;
  for (size_t i = 0; i < batch.size(); ++i) {
    try {
      auto decided = Domain::decide(st.state, batch[i].cmd);
      if (!decided) {
        replies.emplace_back(entity_error::from(decided.error()));
        continue;
      }
      if (!decided->empty())
        first_change = std::min(first_change, i);
      for (auto& e : *decided) {
        st.state = Domain::evolve(std::move(st.state), e);
        events.push_back(std::move(e));
      }
      replies.emplace_back(reply_traits<Domain>::make(st.state, batch[i].cmd));
    } catch (const std::exception& e) {
      // Fail this command only; start again from what is persisted.
      spdlog::error("{} {}: command handler threw: {}", Domain::kind, st.id,
                    e.what());
      entity_error err{runtime_errc::internal,
                       "the command failed; it was not applied", true};
      replies.emplace_back(err);
      threw = true;
      if (first_change <= i) {
        // The state may be half-evolved: give up the whole batch.
        fail_from<Domain>(replies, first_change, err);
        while (replies.size() < batch.size())
          replies.emplace_back(err);
        events.clear();
        break;
      }
    }
  }
  auto after = [self, threw] {
    if (threw)
      load<Domain>(self, [self] { flush<Domain>(self, 1); });
    else
      flush<Domain>(self, 1);
  };
  if (events.empty()) {
    if (!threw)
      report_if_vacant<Domain>(self);
    reply_all<Domain>(batch, replies);
    return after();
  }
  append_request req{Domain::stream(st.id), expected_version, {}};
  for (auto& e : events)
    req.events.push_back(Domain::encode(e));
  st.appending = true;
  // Shared by the two continuations (one runs): moved, not copied.
  struct in_flight {
    decltype(batch) commands;
    decltype(replies) answers;
  };
  auto pending = std::make_shared<in_flight>(
    in_flight{std::move(batch), std::move(replies)});
  // Not saved: the changed commands fail, the state is reloaded.
  auto failed = [self, first_change, pending](entity_error err) {
    fail_from<Domain>(pending->answers, first_change, err);
    reply_all<Domain>(pending->commands, pending->answers);
    load<Domain>(self, [self] { flush<Domain>(self, 1); });
  };
  // `then`, not `await`: commands keep arriving (into the queue) while the
  // batch commits; the queue, not the mailbox, keeps them in order.
  self->request(st.appender, caf::infinite, append_atom::value, std::move(req))
    .then(
      [self, retries_left, pending, failed, after,
       expected_version](append_result& r) {
        auto& st = self->state;
        st.appending = false;
        if (!r && r.error().code == store_errc::version_conflict
            && retries_left > 0) {
          // Someone else wrote: decide the same commands, in the same order,
          // on the fresh stream.
          auto& again = pending->commands;
          st.queue.insert(st.queue.begin(),
                          std::make_move_iterator(again.begin()),
                          std::make_move_iterator(again.end()));
          return load<Domain>(self, [self, retries_left] {
            flush<Domain>(self, retries_left - 1);
          });
        }
        if (!r)
          return failed(entity_error::from(r.error()));
        maybe_snapshot<Domain>(self, expected_version);
        reply_all<Domain>(pending->commands, pending->answers);
        after();
      },
      [self, failed](caf::error& err) {
        self->state.appending = false;
        failed(
          entity_error{runtime_errc::unavailable, caf::to_string(err), true});
      });
}

} // namespace detail

/// The behavior of one entity of `Domain`: loads its stream first, then
/// handles `command_type` messages strictly in arrival order, each decided
/// on the state the one before it left, and answers each with
/// `entity_reply<Domain>` once its events are committed: its reply on the
/// state right after it.
/// `passivate_atom` stops it once the commands before it are done.
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
      ++self->state.received;
      auto rp = self->template make_response_promise<entity_reply<Domain>>();
      self->state.queue.push_back({std::move(cmd), rp});
      detail::flush<Domain>(self, 1);
      return rp;
    },
    // Work in flight is finished first: a promise dropped by a quitting
    // actor answers nothing in CAF 0.17, and its caller would wait for ever.
    [self](passivate_atom) {
      auto& st = self->state;
      if (st.appending || !st.queue.empty())
        return self->delayed_send(self, std::chrono::milliseconds{10},
                                  passivate_atom::value);
      self->quit();
    },
  };
}

/// `entity`, spawned by the host at `host`: it reports (`vacant_atom`)
/// when it has no events after a batch, so that the host stops it.
template <class Domain>
caf::behavior hosted_entity(detail::entity_self<Domain> self, std::string id,
                            caf::actor reader, caf::actor appender,
                            entity_options opts, caf::actor_addr host) {
  self->state.host = std::move(host);
  return entity<Domain>(self, std::move(id), std::move(reader),
                        std::move(appender), opts);
}

} // namespace souk
