// The ticket lists: the board (GET /admin/tickets) and "my tickets" (GET
// /store/tickets), from the ticket list read model. Both read their own
// writes: a list asked after a write returned shows it.
#include <spdlog/spdlog.h>

#include "actors/runtime/units.hpp"
#include "http/projection_feed.hpp"
#include "http/routes.hpp"
#include "http/ticket_json.hpp"
#include "http/ticket_routes.hpp"
#include "http/ticket_uploads.hpp"
#include "persistence/postgres.hpp"
#include "persistence/ticket_list.hpp"

namespace souk {

using namespace ticket;

namespace {

ticket_list_port& list_of(db_handles& h) {
  return h.port<ticket_list_port>(open_ticket_list);
}

void write_row(json_writer& w, const ticket_row& t, viewer v) {
  w.begin_object();
  w.key("id").value(t.id);
  w.key("display_id").value(t.display_id());
  w.key("order_id").value(t.order_id);
  w.key("order_display_id").value(t.order_display_id);
  w.key("line_item_id").value(t.line_item_id);
  w.key("product_title").value(t.product_title);
  w.key("variant_title").value(t.variant_title);
  w.key("quantity").value(t.quantity);
  w.key("customer_id").value_or_null(t.customer_id);
  w.key("customer_email").value(t.customer_email);
  w.key("status").value(t.status);
  if (v == viewer::support)
    w.key("assignee_id").value_or_null(t.assignee_id);
  else
    w.key("assignee_id").null();
  w.key("actions_required");
  write_actions(w, actions_for(t.flags, v));
  w.key("version").value(t.version);
  w.key("created_at").value(iso_time(t.created_at));
  w.key("updated_at").value(iso_time(t.updated_at));
  w.key("status_changed_at").value(iso_time(t.status_changed_at));
  w.end_object();
}

// Everything committed before this read is in the list it answers.
void read_own_writes(services& ctx, ticket_list_port& list) {
  if (auto head = list.feed_head())
    ctx.get<ticket_list_feed>().await(*head);
}

void answer_page(services& ctx, ticket_filter f, viewer v, responder respond) {
  ctx.db.run(
    [&ctx, f, v, respond](db_handles& h) {
      auto& list = list_of(h);
      read_own_writes(ctx, list);
      auto listed = list.list(f);
      if (!listed) {
        spdlog::warn("ticket list: {}", listed.error().message);
        return respond(busy_response("database unavailable"));
      }
      json_writer w;
      w.begin_object().key("tickets").begin_array();
      for (auto& row : listed->rows)
        write_row(w, row, v);
      w.end_array();
      w.key("counts").begin_object();
      for (auto& [status, n] : listed->counts)
        w.key(status).value(n);
      w.end_object();
      write_page(w, listed->count, page{f.limit, f.offset});
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

// Reads the query's filters into `f`; the 400, if one is bad.
std::optional<http_response> read_filter(const request& req, ticket_filter& f,
                                         bool admin) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  f.limit = page->limit;
  f.offset = page->offset;
  if (auto s = req.query_param("status")) {
    if (!parse_status(*s))
      return error_response(
        http::status::bad_request, "invalid_data",
        "Invalid request: 'status' must be one of brief_received, "
        "designing_artwork, fulfilling, delivered");
    f.status = *s;
  }
  if (auto o = req.query_param("order_id"))
    f.order_id = *o;
  if (!admin)
    return std::nullopt;
  if (auto c = req.query_param("customer_id"))
    f.customer_id = *c;
  if (auto a = req.query_param("assignee_id"))
    f.assignee_id = *a == "null" ? "" : *a;
  if (auto q = req.query_param("q"); q && !q->empty())
    f.q = cut_text(*q, 200);
  if (auto w = req.query_param("waiting_on_support")) {
    if (*w != "true" && *w != "false")
      return error_response(http::status::bad_request, "invalid_data",
                            "Invalid request: 'waiting_on_support' is true "
                            "or false");
    f.waiting_on_support = *w == "true";
  }
  return std::nullopt;
}

void admin_list(services& ctx, request_ptr req, responder respond) {
  ticket_filter f;
  if (auto bad = read_filter(*req, f, true))
    return respond(*bad);
  answer_page(ctx, f, viewer::support, respond);
}

// Only the signed-in customer's own tickets, whatever the query says.
void my_list(services& ctx, request_ptr req, responder respond) {
  ticket_filter f;
  if (auto bad = read_filter(*req, f, false))
    return respond(*bad);
  f.customer_id = req->who.actor_id;
  answer_page(ctx, f, viewer::customer, respond);
}

} // namespace

std::string order_tickets_member(const std::string& order_id, db_handles& h) {
  auto& list = list_of(h);
  auto rows = list.by_order(order_id);
  json_writer w;
  w.begin_array();
  if (rows)
    for (auto& row : *rows)
      write_row(w, row, viewer::support);
  w.end_array();
  return "\"tickets\":" + w.take();
}

void add_ticket_list_routes(router& r, services& ctx) {
  using http::verb;
  r.add(verb::get, "/admin/tickets", access::admin(),
        {"The board: tickets (status, order_id, customer_id, assignee_id, q, "
         "waiting_on_support), with counts per status",
         "", "AdminTicketListResponse"},
        with_context(ctx, admin_list));
  r.add(
    verb::get, "/store/tickets", access::customer(),
    {"My tickets, with what each needs from me", "", "StoreTicketListResponse"},
    with_context(ctx, my_list));
}

} // namespace souk
