#include "http/catalog_write.hpp"

#include "actors/catalog/catalog_entity.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/json_writer.hpp"
#include "http/entity_call.hpp"
#include "http/response.hpp"

namespace souk {

void catalog_write(
  app_context& ctx, catalog::catalog_command cmd, responder respond,
  std::function<http_response(const catalog::catalog_state&)> answer) {
  ask_entity<catalog::catalog_domain>(
    ctx.sys, ctx.catalog, "main", std::move(cmd),
    [&ctx, respond, answer](entity_reply<catalog::catalog_domain> r) {
      if (!r)
        return respond(entity_error_response(r.error()));
      ctx.catalog_view.publish(*r);
      respond(answer(*r));
    });
}

http_response deleted_response(const std::string& id, const char* object) {
  json_writer w;
  w.begin_object().key("id").value(id).key("object").value(object);
  w.key("deleted").value(true).end_object();
  return json_response(http::status::ok, w.take());
}

} // namespace souk
