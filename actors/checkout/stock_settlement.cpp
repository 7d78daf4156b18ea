#include "actors/checkout/stock_settlement.hpp"

#include <memory>

#include <simdjson.h>

#include "actors/checkout/checkout_workflow.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_codec.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"

namespace souk::checkout {

namespace {

using workflows::step_context;
using workflows::step_done;
using workflows::step_error;

constexpr const char* by = "workflow:order-stock";
using order::event_names::canceled;
using order::event_names::fulfilled;

struct settlement {
  std::string order_id;
  bool consume = false;
};

std::optional<settlement> read(const std::string& input) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view id;
  std::string_view action;
  if (parser.parse(input).get(doc) || doc["order_id"].get(id)
      || doc["action"].get(action) || id.empty()
      || (action != "release" && action != "consume"))
    return std::nullopt;
  return settlement{std::string{id}, action == "consume"};
}

// Releases or consumes every line's reservation; answers once all did.
void settle(const entity_ref<inventory::inventory_domain>& inventory,
            settlement what, const order::order_state& o, step_done done) {
  if (o.items.empty())
    return done(std::string{R"({"lines":0})"});
  struct progress {
    size_t left;
    step_error problem; // the first line's that failed
  };
  auto p = std::make_shared<progress>(progress{o.items.size(), {}});
  auto lines = o.items.size();
  for (auto& line : o.items) {
    auto id = reservation_id(what.order_id, o.checkout.cart_id, line.line_id);
    auto cmd
      = what.consume
          ? inventory::inventory_command{inventory::consume{id, by, now_ms()}}
          : inventory::inventory_command{inventory::release{id, by, now_ms()}};
    inventory.ask(line.variant_id, std::move(cmd),
                  [p, lines, variant = line.variant_id,
                   done](entity_reply<inventory::inventory_domain> r) {
                    if (!r && p->problem.message.empty())
                      p->problem
                        = {"variant " + variant + ": " + r.error().message,
                           r.error().code};
                    if (--p->left > 0)
                      return;
                    if (!p->problem.message.empty())
                      return done(p->problem);
                    done("{\"lines\":" + std::to_string(lines) + "}");
                  });
  }
}

} // namespace

std::vector<std::string> stock_event_types() {
  return {canceled, fulfilled};
}

std::string stock_key(const recorded_event& ev) {
  return std::string{stock_workflow} + ":" + ev.stream_id + ":" + ev.type;
}

std::string stock_input(const recorded_event& ev) {
  json_writer w;
  w.begin_object();
  w.key("order_id").value(ev.stream_id.substr(std::string{"order-"}.size()));
  w.key("action").value(ev.type == fulfilled ? "consume" : "release");
  w.end_object();
  return w.take();
}

workflows::workflow_definition
stock_settlement_workflow(entity_ref<order::order_domain> orders,
                          entity_ref<inventory::inventory_domain> inventory) {
  using namespace std::chrono_literals;
  return workflows::workflow(stock_workflow)
    .step("settle",
          [orders, inventory](const step_context& ctx, step_done done) {
            auto what = read(ctx.input);
            if (!what)
              return done(step_error{"the input names no order and action"});
            orders.ask(what->order_id, order::get_order{},
                       [inventory, what = *what,
                        done](entity_reply<order::order_domain> r) {
                         if (!r)
                           return done(step_error{"order " + what.order_id
                                                    + ": " + r.error().message,
                                                  r.error().code});
                         settle(inventory, what, *r, done);
                       });
          })
    .retry(10, 1s)
    .build();
}

} // namespace souk::checkout
