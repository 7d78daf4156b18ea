#include "http/catalog_write.hpp"
#include "actors/catalog/catalog_view.hpp"

#include <memory>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/catalog/catalog_entity.hpp"
#include "actors/runtime/json_writer.hpp"
#include "http/entity_call.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

// Local to the write's one-shot actor.
using view_at_atom = caf::atom_constant<caf::atom("view_at")>;
using view_late_atom = caf::atom_constant<caf::atom("view_late")>;

using catalog_reply = entity_reply<catalog::catalog_domain>;

} // namespace

void catalog_write(
  services& ctx, catalog::catalog_command cmd, responder respond,
  std::function<http_response(const catalog::catalog_state&)> answer) {
  // One actor asks the entity, then waits for the view: for the view's
  // callback (sent from the follower's thread as a message, so the answer
  // is given from this actor) or for its own timer, whichever comes first.
  // The callback holds only the actor's address: a write that timed out
  // leaves no live actor behind in the view's waiting list.
  // (The int argument: see `ask` in actors/runtime/ask.hpp.)
  ctx.sys.spawn(
    [&view = ctx.get<catalog::catalog_view>(),
     catalog = ctx.entities<catalog::catalog_domain>(), cmd = std::move(cmd),
     respond, answer](caf::event_based_actor* self, int) {
      catalog.request(self, "main", cmd, entity_timeout)
        .then(
          [self, &view, respond, answer](catalog_reply& r) {
            if (!r)
              return respond(entity_error_response(r.error()));
            auto state
              = std::make_shared<const catalog::catalog_state>(std::move(*r));
            self->become(
              [self, state, respond, answer](view_at_atom) {
                respond(answer(*state));
                self->quit();
              },
              [self, state, respond, answer](view_late_atom) {
                spdlog::warn("catalog view not at version {} after {} ms:"
                             " answering the write all the same",
                             state->version, catalog_view_timeout.count());
                respond(answer(*state));
                self->quit();
              });
            self->delayed_send(self, catalog_view_timeout,
                               view_late_atom::value);
            view.when_at(state->version, [who = self->address()] {
              if (auto me = caf::actor_cast<caf::actor>(who))
                caf::anon_send(me, view_at_atom::value);
            });
          },
          [respond](caf::error& err) {
            respond(busy_response(caf::to_string(err)));
          });
    },
    0);
}

http_response deleted_response(const std::string& id, const char* object) {
  json_writer w;
  w.begin_object().key("id").value(id).key("object").value(object);
  w.key("deleted").value(true).end_object();
  return json_response(http::status::ok, w.take());
}

} // namespace souk
