// Store API: completing a cart, which runs the checkout workflow
// (actors/checkout); the route only renders how it ended.
#include "actors/checkout/checkout_start.hpp"
#include "http/entity_call.hpp"
#include "http/ownership.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

constexpr std::chrono::milliseconds checkout_timeout{30000};

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

void complete(services& ctx, request_ptr req, responder respond) {
  auto id = req->param("id");
  checkout::complete_cart(
    ctx.entities<cart::cart_domain>(), ctx.workflows(), id, actor_of(*req),
    [&ctx, id, respond](checkout::checkout_reply r) {
      if (!r)
        return respond(entity_error_response(r.error(), cart_missing(id)));
      if (r->failed)
        return respond(checkout_failure(*r->failed));
      answer_placed_order(ctx, r->order_id, respond);
    },
    checkout_timeout);
}

} // namespace

void add_checkout_routes(router& r, services& ctx) {
  r.add(http::verb::post, "/store/carts/:id/complete",
        access::owner_of("cart", path_param("id")),
        {"Check out: {type: order, order}", "", "StoreCompleteCartResponse"},
        with_context(ctx, complete));
}

} // namespace souk
