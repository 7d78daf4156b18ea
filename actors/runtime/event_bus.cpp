#include "actors/runtime/event_bus.hpp"

#include <unordered_map>
#include <vector>

#include <caf/all.hpp>

namespace souk {

namespace {

struct bus_state {
  static inline const char* name = "souk.event_bus";
  std::unordered_map<std::string, std::vector<caf::actor>> by_type;
  std::unordered_map<std::string, std::vector<caf::actor>> by_stream;
  std::vector<caf::actor> everything;
};

void drop(std::vector<caf::actor>& list, const caf::actor_addr& who) {
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](auto& a) { return a.address() == who; }),
             list.end());
}

caf::behavior event_bus(caf::stateful_actor<bus_state>* self, caf::unit_t) {
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    for (auto& [key, list] : st.by_type)
      drop(list, dm.source);
    for (auto& [key, list] : st.by_stream)
      drop(list, dm.source);
    drop(st.everything, dm.source);
  });
  return {
    [self](subscribe_atom, bus_topic topic, const std::string& key,
           caf::actor who) {
      auto& st = self->state;
      self->monitor(who);
      switch (topic) {
      case bus_topic::event_type:
        st.by_type[key].push_back(std::move(who));
        break;
      case bus_topic::stream:
        st.by_stream[key].push_back(std::move(who));
        break;
      case bus_topic::all:
        st.everything.push_back(std::move(who));
        break;
      }
    },
    [self](publish_atom, const recorded_event& ev) {
      auto& st = self->state;
      auto send = [&](const std::vector<caf::actor>& list) {
        for (auto& who : list)
          self->send(who, committed_atom::value, ev);
      };
      if (auto i = st.by_type.find(ev.type); i != st.by_type.end())
        send(i->second);
      if (auto i = st.by_stream.find(ev.stream_id); i != st.by_stream.end())
        send(i->second);
      send(st.everything);
    },
  };
}

} // namespace

caf::actor spawn_event_bus(caf::actor_system& sys) {
  // The unused argument: CAF 0.17's init_fun_factory binds a reference to a
  // null shared_ptr<tuple<>> when a function-based actor takes no
  // arguments (undefined behaviour that UBSan reports).
  return sys.spawn(event_bus, caf::unit);
}

} // namespace souk
