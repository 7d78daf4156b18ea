#include "actors/checkout/checkout_start.hpp"

#include "actors/checkout/checkout_workflow.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk::checkout {

std::string checkout_key(const std::string& cart_id,
                         const cart::cart_state& c) {
  if (!c.checkout_id.empty())
    return c.checkout_id;
  return std::string{workflow_name} + ":" + cart_id + ":v"
         + std::to_string(c.version);
}

void complete_cart(const entity_ref<cart::cart_domain>& carts,
                   const workflows::engine_ref& engine, std::string cart_id,
                   std::string by, std::function<void(checkout_reply)> k,
                   std::chrono::milliseconds timeout) {
  carts.ask(
    cart_id, cart::get_cart{},
    [engine, cart_id, by, k, timeout](entity_reply<cart::cart_domain> c) {
      if (!c)
        return k(c.error());
      if (!c->order_id.empty()) // completed before: the same order
        return k(checkout_outcome{c->order_id, std::nullopt});
      auto key = checkout_key(cart_id, *c);
      json_writer input;
      input.begin_object().key("cart_id").value(cart_id).end_object();
      engine.start(
        workflow_name, key, input.take(), by,
        [engine, key, k, timeout](workflows::execution_reply started) {
          if (!started)
            return k(started.error());
          engine.result(
            key,
            [k](workflows::execution_reply r) {
              if (!r)
                return k(r.error());
              if (r->status != workflows::execution_status::completed)
                return k(checkout_outcome{{}, std::move(*r)});
              k(checkout_outcome{placed_order_id(*r), std::nullopt});
            },
            timeout);
        },
        timeout);
    });
}

} // namespace souk::checkout
