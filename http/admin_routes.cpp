// Admin API (admin bearer token required, see admin_token).
#include "actors/runtime/ask.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/workflows/engine.hpp"
#include "http/entity_call.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

constexpr std::chrono::milliseconds admin_timeout{10000};

http_response busy(const std::string& why) {
  return error_response(http::status::service_unavailable, "unexpected_state",
                        "The service is busy (" + why + "); retry");
}

void list_executions(app_context& ctx, request_ptr req, responder respond) {
  auto page = read_page(*req);
  if (!page)
    return respond(page.error());
  auto p = *page;
  ask<workflows::execution_list>(
    ctx.sys, ctx.workflows, admin_timeout,
    [p, respond](std::optional<workflows::execution_list> r,
                 const std::string& why) {
      if (!r)
        return respond(busy(why));
      if (!*r)
        return respond(entity_error_response(r->error()));
      json_writer w;
      w.begin_object().key("workflow_executions").begin_array();
      for (auto& e : **r)
        w.raw(workflows::to_json(e));
      w.end_array();
      // The count is of this page: the index lists without counting.
      write_page(w, static_cast<std::int64_t>((*r)->size()), p);
      respond(json_response(http::status::ok, w.take()));
    },
    wf_list_atom::value, p.limit, p.offset);
}

void get_execution(app_context& ctx, request_ptr req, responder respond) {
  ask<workflows::execution_reply>(
    ctx.sys, ctx.workflows, admin_timeout,
    [respond](std::optional<workflows::execution_reply> r,
              const std::string& why) {
      if (!r)
        return respond(busy(why));
      if (!*r)
        return respond(entity_error_response(r->error()));
      respond(json_response(http::status::ok,
                            "{\"workflow_execution\":" + workflows::to_json(**r)
                              + "}"));
    },
    wf_inspect_atom::value, req->param("id"));
}

} // namespace

void add_admin_routes(router& r, app_context& ctx) {
  using http::verb;
  r.add(verb::get, "/admin/workflows/executions",
        [&ctx](request_ptr req, responder res) {
          list_executions(ctx, std::move(req), std::move(res));
        });
  r.add(verb::get, "/admin/workflows/executions/:id",
        [&ctx](request_ptr req, responder res) {
          get_execution(ctx, std::move(req), std::move(res));
        });
}

} // namespace souk
