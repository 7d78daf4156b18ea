#pragma once

#include <algorithm>
#include <string>
#include <unordered_map>

#include "actors/runtime/entity.hpp"

namespace souk {

/// Settings of one entity host.
struct host_options {
  entity_options entity;
  /// Most commands waiting for one entity; past it, `overloaded`.
  int max_pending_per_entity = 1000;
  /// Most commands waiting in the whole host; past it, `overloaded`.
  int max_pending = 100000;
};

/// One hosted entity.
struct entity_slot {
  caf::actor hdl;
  /// Commands forwarded and not yet answered.
  int pending = 0;
  /// Commands sent to `hdl` (this actor, not the id's earlier ones).
  std::int64_t sent = 0;
  /// `sent` when `hdl` last reported it has no events (-1: never since).
  std::int64_t vacant_at = -1;
  std::chrono::steady_clock::time_point last_used;
};

template <class Domain>
struct host_state {
  static inline const char* name = "souk.entity_host";
  caf::actor reader;
  caf::actor appender;
  host_options opts;
  std::unordered_map<std::string, entity_slot> entities;
  /// Entity id by actor, to find who went down without a scan.
  std::unordered_map<caf::actor_id, std::string> by_actor;
  int total_pending = 0;
  /// The most commands ever waiting at once: what the bounds held memory to.
  int peak_pending = 0;
};

namespace detail {

template <class Domain>
using host_self = caf::stateful_actor<host_state<Domain>>*;

template <class Domain>
caf::actor entity_for(host_self<Domain> self, const std::string& id) {
  auto& st = self->state;
  auto& slot = st.entities[id];
  if (!slot.hdl) {
    slot.hdl = self->spawn(hosted_entity<Domain>, id, st.reader, st.appender,
                           st.opts.entity, self->address());
    self->monitor(slot.hdl);
    st.by_actor.emplace(slot.hdl.id(), id);
    slot.sent = 0;
    slot.vacant_at = -1;
  }
  ++slot.sent; // the caller sends it a command now
  slot.last_used = std::chrono::steady_clock::now();
  return slot.hdl;
}

// Stops an entity that reported it has no events, once nothing waits for
// it and nothing was sent to it since its report. Its slot goes at once: a
// command for the id from now on gets a fresh entity (the stopping one has
// no command and no append left, so the two never overlap in effect).
template <class Domain>
void retire_if_vacant(
  host_self<Domain> self,
  std::unordered_map<std::string, entity_slot>::iterator i) {
  auto& slot = i->second;
  if (!slot.hdl || slot.pending > 0 || slot.vacant_at != slot.sent)
    return;
  self->send(slot.hdl, passivate_atom::value);
  self->state.entities.erase(i); // the down message finds no slot: ignored
}

template <class Domain>
void command_done(host_self<Domain> self, const std::string& id) {
  auto& st = self->state;
  --st.total_pending;
  if (auto i = st.entities.find(id); i != st.entities.end()) {
    --i->second.pending;
    retire_if_vacant<Domain>(self, i);
  }
}

// Stops entities idle for longer than the timeout. A command that races the
// stop is retried on a fresh entity (see forward).
template <class Domain>
void sweep(host_self<Domain> self) {
  auto& st = self->state;
  auto cutoff = std::chrono::steady_clock::now() - st.opts.entity.idle_timeout;
  for (auto i = st.entities.begin(); i != st.entities.end();) {
    auto& slot = i->second;
    if (slot.pending == 0 && !slot.hdl) {
      i = st.entities.erase(i); // stopped while busy; now idle
      continue;
    }
    if (slot.pending == 0 && slot.last_used < cutoff)
      self->send(slot.hdl, passivate_atom::value);
    ++i;
  }
}

template <class Domain>
void forward(host_self<Domain> self, std::string id,
             typename Domain::command_type cmd,
             caf::typed_response_promise<entity_reply<Domain>> rp,
             bool may_retry) {
  auto hdl = entity_for<Domain>(self, id);
  self->request(hdl, caf::infinite, cmd)
    .then(
      [self, id, rp](entity_reply<Domain>& r) mutable {
        command_done<Domain>(self, id);
        rp.deliver(std::move(r));
      },
      [self, id, cmd, rp, may_retry](caf::error& err) mutable {
        // The entity passivated or crashed between lookup and delivery:
        // forget its handle and try once more with a fresh one.
        if (may_retry && err == caf::sec::request_receiver_down) {
          self->state.entities[id].hdl = nullptr;
          return forward<Domain>(self, id, std::move(cmd), rp, false);
        }
        command_done<Domain>(self, id);
        spdlog::error("{} {}: {}", Domain::kind, id, caf::to_string(err));
        rp.deliver(entity_reply<Domain>{entity_error{
          runtime_errc::internal, "the entity failed; retry", true}});
      });
}

} // namespace detail

/// Hosts the entities of `Domain`: answers `(id, command_type)` with
/// `entity_reply<Domain>`. Spawns an entity on its first command (it then
/// loads its stream), monitors it and forgets it when it stops (idle
/// passivation or a crash), so the next command respawns it from persisted
/// state. An entity that has no events after its commands (an id that does
/// not exist: a read of nothing, a refused command) is stopped as soon as
/// they are answered, before the caller sees the answer: ids asked for at
/// random leave no actor behind. Commands to one entity run one after the
/// other; different entities run in parallel. Past the pending limits a
/// command is answered `overloaded` (retriable) at once instead of queueing
/// without bound.
template <class Domain>
caf::behavior entity_host(detail::host_self<Domain> self, caf::actor reader,
                          caf::actor appender, host_options opts) {
  self->state.reader = std::move(reader);
  self->state.appender = std::move(appender);
  self->state.opts = opts;
  // The entities are the host's: they stop with it.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, slot] : self->state.entities)
      if (slot.hdl)
        self->send_exit(slot.hdl, msg.reason);
    self->quit(msg.reason);
  });
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    auto who = st.by_actor.find(dm.source.id());
    if (who == st.by_actor.end())
      return;
    auto i = st.entities.find(who->second);
    st.by_actor.erase(who);
    // The slot may hold a newer actor already (a retried command).
    if (i == st.entities.end() || !i->second.hdl
        || i->second.hdl.id() != dm.source.id())
      return;
    // Keep the slot while commands still wait for their answers.
    if (i->second.pending > 0)
      i->second.hdl = nullptr;
    else
      st.entities.erase(i);
  });
  auto interval
    = std::max(opts.entity.idle_timeout / 2, std::chrono::milliseconds{10});
  self->delayed_send(self, interval, sweep_atom::value);
  return {
    [self](const std::string& id, typename Domain::command_type& cmd) {
      auto& st = self->state;
      auto rp = self->template make_response_promise<entity_reply<Domain>>();
      auto& pending = st.entities[id].pending;
      if (pending >= st.opts.max_pending_per_entity
          || st.total_pending >= st.opts.max_pending) {
        rp.deliver(entity_reply<Domain>{
          entity_error{runtime_errc::overloaded,
                       "too many commands waiting; retry later", true}});
        return rp;
      }
      ++pending;
      st.peak_pending = std::max(st.peak_pending, ++st.total_pending);
      detail::forward<Domain>(self, id, std::move(cmd), rp, true);
      return rp;
    },
    [self](vacant_atom, const std::string& id, std::int64_t received) {
      // An entity without events: stop it once its replies are out (they
      // follow this message), unless commands were sent to it since.
      auto& st = self->state;
      auto i = st.entities.find(id);
      if (i == st.entities.end() || !i->second.hdl
          || i->second.hdl.address()
               != caf::actor_cast<caf::actor_addr>(self->current_sender())
          || received != i->second.sent)
        return;
      i->second.vacant_at = received;
      detail::retire_if_vacant<Domain>(self, i);
    },
    [self](count_atom) {
      std::int64_t live = 0;
      for (auto& [id, slot] : self->state.entities)
        live += slot.hdl ? 1 : 0;
      return live;
    },
    [self](peak_atom) {
      return static_cast<std::int64_t>(self->state.peak_pending);
    },
    [self, interval](sweep_atom) {
      detail::sweep<Domain>(self);
      self->delayed_send(self, interval, sweep_atom::value);
    },
  };
}

} // namespace souk
