// Store API: the customer's orders.
#include "actors/order/order_entity.hpp"
#include "http/entity_call.hpp"
#include "http/order_json.hpp"
#include "http/projection_feed.hpp"
#include "http/ownership.hpp"
#include "http/routes.hpp"

namespace souk {

void answer_placed_order(services& ctx, const std::string& order_id,
                         responder respond) {
  call_entity(ctx.entities<order::order_domain>(), order_id, order::get_order{},
              respond, [order_id](const order::order_state& o) {
                json_writer w;
                w.begin_object().key("type").value("order").key("order");
                write_order(w, order_id, o);
                w.end_object();
                return json_response(http::status::ok, w.take());
              });
}

namespace {

// The route's rule lets only the order's owner in (a guest order: whoever
// has its id, the storefront's confirmation page).
void get_order(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  ctx.entities<order::order_domain>().ask(
    id, order::get_order{}, [id, respond](entity_reply<order::order_domain> r) {
      if (!r)
        return respond(entity_error_response(r.error(), order_missing(id)));
      json_writer w;
      w.begin_object().key("order");
      write_order(w, id, *r);
      w.end_object();
      respond(json_response(http::status::ok, w.take()));
    });
}

// "My orders": the signed-in customer's, newest first, from the read model.
void list_my_orders(services& ctx, request_ptr req, responder respond) {
  auto page = read_page(*req);
  if (!page)
    return respond(page.error());
  order_filter f;
  f.customer_id = req->who.actor_id;
  f.limit = page->limit;
  f.offset = page->offset;
  answer_order_page(ctx, f, respond);
}

} // namespace

void answer_order_page(services& ctx, order_filter f, responder respond) {
  ctx.db.run(
    [&ctx, f, respond](db_handles& h) {
      // Everything committed before this read is in the list it answers.
      if (auto head = h.orders.feed_head())
        ctx.get<order_list_feed>().await(*head);
      auto listed = h.orders.list(f);
      if (!listed)
        return respond(busy_response(listed.error().message));
      json_writer w;
      w.begin_object().key("orders").begin_array();
      for (auto& row : listed->rows)
        write_order_row(w, row);
      w.end_array();
      write_page(w, listed->count, page{f.limit, f.offset});
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

void add_order_routes(router& r, services& ctx) {
  using http::verb;
  r.add(
    verb::get, "/store/orders/:id", access::owner_of("order", path_param("id")),
    {"Get an order", "", "StoreOrderResponse"}, with_context(ctx, get_order));
  r.add(verb::get, "/store/orders", access::customer(),
        {"The signed-in customer's orders", "", "StoreOrderListResponse"},
        with_context(ctx, list_my_orders));
}

} // namespace souk
