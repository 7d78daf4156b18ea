// Who owns a cart, an order, a payment collection: asked of the resource
// itself (its entity), for the access gate. Handlers never check it.
#include "http/ownership.hpp"

#include "actors/cart/cart_entity.hpp"
#include "actors/order/order_entity.hpp"
#include "http/entity_call.hpp"
#include "http/payment_collections.hpp"

namespace souk {

namespace {

// The owner of entity `id` of `host`, read from its state.
template <class Domain>
void entity_owner(app_context& ctx, const caf::actor& host,
                  const std::string& id, typename Domain::command_type read,
                  std::function<void(owner_answer)> done) {
  using reply = entity_reply<Domain>;
  ask<reply>(
    ctx.sys, host, entity_timeout,
    [done](std::optional<reply> r, const std::string& why) {
      if (!r)
        return done(busy_response(why));
      if (!*r && r->error().code == domain_errc::not_found)
        return done(std::optional<std::string>{});
      if (!*r)
        return done(entity_error_response(r->error()));
      done(std::optional<std::string>{(*r)->customer_id});
    },
    id, std::move(read));
}

http_response cart_404(const std::string& id) {
  return error_response(http::status::not_found, "not_found", cart_missing(id));
}

} // namespace

std::string cart_missing(const std::string& id) {
  return "Cart with id '" + id + "' not found";
}

resource_owners make_resource_owners(app_context& ctx) {
  resource_owners out;
  out["cart"] = {[&ctx](const std::string& id, auto done) {
                   entity_owner<cart::cart_domain>(ctx, ctx.carts, id,
                                                   cart::get_cart{}, done);
                 },
                 cart_404};
  out["order"]
    = {[&ctx](const std::string& id, auto done) {
         entity_owner<order::order_domain>(ctx, ctx.orders, id,
                                           order::get_order{}, done);
       },
       [](const std::string& id) {
         return error_response(http::status::not_found, "not_found",
                               "Order with id: " + id + " was not found");
       }};
  out["payment-collection"]
    = {[&ctx](const std::string& id, auto done) {
         auto cart = cart_of_collection(id);
         if (cart.empty())
           return done(std::optional<std::string>{});
         entity_owner<cart::cart_domain>(ctx, ctx.carts, cart, cart::get_cart{},
                                         done);
       },
       [](const std::string& id) {
         return error_response(http::status::not_found, "not_found",
                               "Payment collection with id: " + id
                                 + " was not found");
       }};
  return out;
}

} // namespace souk
