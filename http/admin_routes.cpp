// Admin order routes: every one is `access::admin()` (an active admin's
// token).
#include <ctime>

#include "actors/catalog/catalog_entity.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "actors/workflows/engine.hpp"
#include "http/catalog_json.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/order_json.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

// "2026-11-26" or "2026-11-26T14:13:18Z" as Unix ms (UTC).
std::optional<std::int64_t> parse_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) {
    tm = {};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  }
  if (!end || (*end != '\0' && *end != 'Z' && *end != '.'))
    return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

void list_orders(services& ctx, request_ptr req, responder respond) {
  auto page = read_page(*req);
  if (!page)
    return respond(page.error());
  order_filter f;
  f.limit = page->limit;
  f.offset = page->offset;
  if (auto s = req->query_param("status"))
    f.status = *s;
  if (auto c = req->query_param("customer_id"))
    f.customer_id = *c;
  for (auto [name, field] :
       {std::pair{"created_after", &order_filter::created_from},
        std::pair{"created_before", &order_filter::created_to}})
    if (auto v = req->query_param(name)) {
      auto ms = parse_date(*v);
      if (!ms)
        return respond(
          error_response(http::status::bad_request, "invalid_data",
                         std::string{name} + " must be a date (YYYY-MM-DD)"));
      f.*field = *ms;
    }
  answer_order_page(ctx, f, respond);
}

http_response order_response(const std::string& id,
                             const order::order_state& o) {
  json_writer w;
  w.begin_object().key("order");
  write_order(w, id, o);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

// Sends the command `make(req)` to the order and answers {order}; an
// illegal move is a 409 naming the order's state.
template <class Make>
route_handler transition(services& ctx, Make make) {
  return [&ctx, make](request_ptr req, responder respond) {
    auto cmd = make(*req);
    if (!cmd)
      return respond(cmd.error());
    auto id = req->param("id");
    call_entity(
      ctx.entities<order::order_domain>(), id, std::move(*cmd), respond,
      [id](const order::order_state& o) { return order_response(id, o); });
  };
}

using order_cmd = expected<order::order_command, http_response>;

// {order}, with what other modules add to an admin's order (its tickets).
void get_order(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  ctx.entities<order::order_domain>().ask(
    id, order::get_order{},
    [&ctx, id, respond](entity_reply<order::order_domain> r) {
      if (!r)
        return respond(entity_error_response(r.error(), order_missing(id)));
      auto& more = ctx.extensions("admin.order");
      if (more.empty())
        return respond(order_response(id, *r));
      json_writer w;
      write_order(w, id, *r);
      ctx.db.run(
        [&more, id, respond, order = w.take()](db_handles& h) mutable {
          add_members(order, more, id, h);
          respond(json_response(http::status::ok, "{\"order\":" + order + "}"));
        },
        respond);
    },
    entity_timeout);
}

// {"amount": 12.5} as written (the order converts it in its currency), or
// the 400.
expected<std::optional<std::string>, http_response>
read_amount(const request& req, bool required) {
  std::optional<std::string> amount;
  if (auto bad = read_body(req.raw.body(), {{"amount", number_text(amount)},
                                            {"note", ignored()},
                                            {"refund_reason_id", ignored()},
                                            {"metadata", ignored()}}))
    return error_response(http::status::bad_request, "invalid_data", *bad);
  if (!amount && required)
    return error_response(http::status::bad_request, "invalid_data",
                          "Invalid request: Field 'amount' is required");
  return amount;
}

} // namespace

void add_admin_order_routes(router& r, services& ctx) {
  using http::verb;
  r.add(verb::get, "/admin/orders", access::admin(),
        "List orders (status, customer_id, created_after, created_before)",
        with_context(ctx, list_orders));
  r.add(verb::get, "/admin/orders/:id", access::admin(), "Get an order",
        with_context(ctx, get_order));
  r.add(verb::post, "/admin/orders/:id/cancel", access::admin(),
        "Cancel before fulfilment",
        transition(ctx, [](const request& req) -> order_cmd {
          return order::order_command{
            order::cancel_order{"canceled by admin", actor_of(req), now_ms()}};
        }));
  r.add(verb::post, "/admin/orders/:id/capture", access::admin(),
        "Capture the payment",
        transition(ctx, [](const request& req) -> order_cmd {
          auto amount = read_amount(req, false);
          if (!amount)
            return amount.error();
          return order::order_command{order::capture_payment{
            0, actor_of(req), now_ms(), std::move(*amount)}};
        }));
  r.add(verb::post, "/admin/orders/:id/refund", access::admin(),
        "Refund an amount",
        transition(ctx, [](const request& req) -> order_cmd {
          auto amount = read_amount(req, true);
          if (!amount)
            return amount.error();
          return order::order_command{order::refund_payment{
            0, "refund", actor_of(req), now_ms(), std::move(*amount)}};
        }));
  r.add(verb::post, "/admin/orders/:id/fulfillments", access::admin(),
        "Fulfil the order",
        transition(ctx, [](const request& req) -> order_cmd {
          return order::order_command{
            order::fulfill_order{actor_of(req), now_ms()}};
        }));
  r.add(
    verb::post, "/admin/orders/:id/ship", access::admin(),
    "Mark shipped (tracking_number)",
    transition(ctx, [](const request& req) -> order_cmd {
      std::string tracking;
      if (auto bad
          = read_body(req.raw.body(), {{"tracking_number", text(tracking)}}))
        return error_response(http::status::bad_request, "invalid_data", *bad);
      return order::order_command{
        order::ship_order{tracking, actor_of(req), now_ms()}};
    }));
  r.add(verb::post, "/admin/orders/:id/deliver", access::admin(),
        "Mark delivered", transition(ctx, [](const request& req) -> order_cmd {
          return order::order_command{
            order::mark_delivered{actor_of(req), now_ms()}};
        }));
  r.add(verb::post, "/admin/orders/:id/complete", access::admin(),
        "Complete the order",
        transition(ctx, [](const request& req) -> order_cmd {
          return order::order_command{
            order::complete_order{actor_of(req), now_ms()}};
        }));
}

} // namespace souk
