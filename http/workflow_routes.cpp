// The workflow engine's admin routes: its executions, for operators.
#include "http/entity_call.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

constexpr std::chrono::milliseconds admin_timeout{10000};

void list_executions(services& ctx, request_ptr req, responder respond) {
  auto page = read_page(*req);
  if (!page)
    return respond(page.error());
  auto p = *page;
  ctx.workflows().list(
    p.limit, p.offset,
    [p, respond](workflows::execution_list r) {
      if (!r)
        return respond(entity_error_response(r.error()));
      json_writer w;
      w.begin_object().key("workflow_executions").begin_array();
      for (auto& e : *r)
        w.raw(workflows::to_json(e));
      w.end_array();
      // The count is of this page: the index lists without counting.
      write_page(w, static_cast<std::int64_t>(r->size()), p);
      respond(json_response(http::status::ok, w.take()));
    },
    admin_timeout);
}

void get_execution(services& ctx, request_ptr req, responder respond) {
  ctx.workflows().inspect(
    req->param("id"),
    [respond](workflows::execution_reply r) {
      if (!r)
        return respond(entity_error_response(r.error()));
      respond(json_response(http::status::ok,
                            "{\"workflow_execution\":" + workflows::to_json(*r)
                              + "}"));
    },
    admin_timeout);
}

} // namespace

void add_workflow_routes(router& r, services& ctx) {
  using http::verb;
  r.add(verb::get, "/admin/workflows/executions", access::admin(),
        "List workflow executions", with_context(ctx, list_executions));
  r.add(verb::get, "/admin/workflows/executions/:id", access::admin(),
        "Get a workflow execution", with_context(ctx, get_execution));
}

} // namespace souk
