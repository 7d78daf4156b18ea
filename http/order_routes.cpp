// Store API: completing a cart (the checkout workflow) and reading orders.
#include "actors/cart/cart_entity.hpp"
#include "actors/checkout/checkout_workflow.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/workflows/engine.hpp"
#include "http/entity_call.hpp"
#include "http/order_json.hpp"
#include "http/ownership.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

using workflows::execution_reply;

constexpr std::chrono::milliseconds checkout_timeout{30000};

// Answers {type: "order", order} with the order as it is now.
void answer_order(app_context& ctx, const std::string& order_id,
                  responder respond) {
  call_entity<order::order_domain>(
    ctx.sys, ctx.orders, order_id, order::get_order{}, respond,
    [order_id](const order::order_state& o) {
      json_writer w;
      w.begin_object().key("type").value("order").key("order");
      write_order(w, order_id, o);
      w.end_object();
      return json_response(http::status::ok, w.take());
    });
}

// A failed checkout, by the code its failed step carries: a refusal of the
// cart, the stock or the payment is the shopper's (4xx, as the table says).
// Any other failure was the service's; the checkout was undone and may be
// tried again.
http_response checkout_failure(const workflows::execution_state& e) {
  for (auto& s : e.steps)
    if (s.status == workflows::step_status::failed
        && http_error_of(s.code).status < http::status::internal_server_error)
      return entity_error_response({s.code, s.error});
  return busy_response("checkout failed: " + e.error);
}

void complete_cart(app_context& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  auto by = actor_of(*req);
  ask_entity<cart::cart_domain>(
    ctx.sys, ctx.carts, id, cart::get_cart{},
    [&ctx, id, by, respond](entity_reply<cart::cart_domain> c) {
      if (!c)
        return respond(entity_error_response(c.error(), cart_missing(id)));
      if (!c->order_id.empty()) // completed before: the same order
        return answer_order(ctx, c->order_id, respond);
      // One execution per cart state: completing twice (or at once) joins
      // it, also once it locked the cart; after a failed try (which
      // unlocks the cart, a new version) a fresh one starts.
      auto key = !c->checkout_id.empty()
                   ? c->checkout_id
                   : std::string{checkout::workflow_name} + ":" + id + ":v"
                       + std::to_string(c->version);
      ask<execution_reply>(
        ctx.sys, ctx.workflows, checkout_timeout,
        [&ctx, id, key, respond](std::optional<execution_reply> started,
                                 const std::string& why) {
          if (!started)
            return respond(busy_response(why));
          if (!*started)
            return respond(entity_error_response(started->error()));
          ask<execution_reply>(
            ctx.sys, ctx.workflows, checkout_timeout,
            [&ctx, id, respond](std::optional<execution_reply> r,
                                const std::string& why) {
              if (!r)
                return respond(busy_response(why));
              if (!*r)
                return respond(entity_error_response(r->error()));
              auto& e = **r;
              if (e.status != workflows::execution_status::completed)
                return respond(checkout_failure(e));
              answer_order(ctx, checkout::placed_order_id(e), respond);
            },
            wf_result_atom::value, key);
        },
        wf_start_atom::value, std::string{checkout::workflow_name}, key,
        "{\"cart_id\":\"" + id + "\"}", by);
    });
}

std::string order_missing(const std::string& id) {
  return "Order with id: " + id + " was not found";
}

// The route's rule lets only the order's owner in (a guest order: whoever
// has its id, the storefront's confirmation page).
void get_order(app_context& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  ask_entity<order::order_domain>(
    ctx.sys, ctx.orders, id, order::get_order{},
    [id, respond](entity_reply<order::order_domain> r) {
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
void list_my_orders(app_context& ctx, request_ptr req, responder respond) {
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

void answer_order_page(app_context& ctx, order_filter f, responder respond) {
  ctx.db.run(
    [&ctx, f, respond](db_handles& h) {
      // Everything committed before this read is in the list it answers.
      if (auto head = h.orders.feed_head())
        ctx.await_order_list(*head);
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

void add_order_routes(router& r, app_context& ctx) {
  using http::verb;
  r.add(verb::post, "/store/carts/:id/complete",
        access::owner_of("cart", path_param("id")),
        "Check out: {type: order, order}", with_context(ctx, complete_cart));
  r.add(verb::get, "/store/orders/:id",
        access::owner_of("order", path_param("id")), "Get an order",
        with_context(ctx, get_order));
  r.add(verb::get, "/store/orders", access::customer(),
        "The signed-in customer's orders", with_context(ctx, list_my_orders));
}

} // namespace souk
