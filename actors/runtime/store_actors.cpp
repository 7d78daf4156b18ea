#include "actors/runtime/store_actors.hpp"

#include <unordered_map>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace souk {

namespace {

struct bridge_state {
  std::shared_ptr<event_appender> appender;
  std::uint64_t next = 0;
  std::unordered_map<std::uint64_t, caf::typed_response_promise<append_result>>
    waiting;
};

caf::behavior append_bridge(caf::stateful_actor<bridge_state>* self,
                            std::shared_ptr<event_appender> appender) {
  self->state.appender = std::move(appender);
  return {
    [self](append_atom, append_request& req) -> caf::result<append_result> {
      auto token = ++self->state.next;
      auto rp = self->make_response_promise<append_result>();
      self->state.waiting.emplace(token, rp);
      // The handle keeps this bridge alive until the store has answered.
      auto me = caf::actor_cast<caf::actor>(self);
      self->state.appender->append(
        std::move(req), [me, token](append_result r) {
          caf::anon_send(me, appended_atom::value, token, std::move(r));
        });
      return rp;
    },
    [self](appended_atom, std::uint64_t token, append_result& r) {
      auto i = self->state.waiting.find(token);
      if (i == self->state.waiting.end())
        return;
      i->second.deliver(std::move(r));
      self->state.waiting.erase(i);
    },
  };
}

struct reader_state {
  std::unique_ptr<stream_reader> reader;
};

caf::behavior
stream_reader_actor(caf::stateful_actor<reader_state>* self,
                    std::function<std::unique_ptr<stream_reader>()> make) {
  self->state.reader = make();
  return {
    [self](read_atom, const std::string& stream, std::int64_t from) {
      return self->state.reader->read_stream(stream, from);
    },
    [self](load_snap_atom, const std::string& stream) {
      return self->state.reader->load_latest_snapshot(stream);
    },
    [self](save_snap_atom, const snapshot& snap) {
      auto ok = self->state.reader->save_snapshot(snap);
      if (!ok)
        spdlog::warn("snapshot of {} at {} not saved: {}", snap.stream_id,
                     snap.version, ok.error().message);
    },
  };
}

} // namespace

caf::actor spawn_append_bridge(caf::actor_system& sys,
                               std::shared_ptr<event_appender> appender) {
  return sys.spawn(append_bridge, std::move(appender));
}

caf::actor
spawn_stream_reader(caf::actor_system& sys,
                    std::function<std::unique_ptr<stream_reader>()> make,
                    std::size_t readers) {
  if (readers <= 1)
    return sys.spawn<caf::detached>(stream_reader_actor, std::move(make));
  auto one = [&sys, make] {
    return sys.spawn<caf::detached>(stream_reader_actor, make);
  };
  return caf::actor_pool::make(sys.dummy_execution_unit(), readers, one,
                               caf::actor_pool::round_robin());
}

} // namespace souk
