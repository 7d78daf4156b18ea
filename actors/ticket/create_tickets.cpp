#include "actors/ticket/create_tickets.hpp"

#include <memory>

#include <simdjson.h>

#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/ticket/ticket_views.hpp"

namespace souk::ticket {

namespace {

using namespace workflows;
using namespace std::chrono_literals;

constexpr const char* by = "workflow:create-tickets";
// Tries of the create-tickets step.
constexpr int create_attempts = 3;

// What `resolve-order-items` found: the order and its items.
struct order_items {
  std::string order_id;
  std::int64_t display_id = 0;
  std::string customer_id;
  std::string email;
  std::vector<ticket_opened> items; // one ticket each
};

std::string order_id_of(const std::string& input) {
  simdjson::dom::parser p;
  std::string_view id;
  if (p.parse(input)["order_id"].get(id))
    return {};
  return std::string{id};
}

std::string write_items(const order_items& o) {
  json_writer w;
  w.begin_object()
    .key("order_id")
    .value(o.order_id)
    .key("display_id")
    .value(o.display_id)
    .key("customer_id")
    .value(o.customer_id)
    .key("email")
    .value(o.email)
    .key("items")
    .begin_array();
  for (auto& i : o.items)
    w.begin_object()
      .key("line_item_id")
      .value(i.line_item_id)
      .key("product_title")
      .value(i.product_title)
      .key("variant_title")
      .value(i.variant_title)
      .key("quantity")
      .value(i.quantity)
      .end_object();
  w.end_array().end_object();
  return w.take();
}

order_items read_items(const std::string& json) {
  simdjson::dom::parser p;
  auto doc = p.parse(json);
  order_items o;
  std::string_view s;
  if (doc.error())
    return o;
  if (!doc["order_id"].get(s))
    o.order_id = s;
  if (!doc["customer_id"].get(s))
    o.customer_id = s;
  if (!doc["email"].get(s))
    o.email = s;
  if (doc["display_id"].get(o.display_id))
    o.display_id = 0;
  simdjson::dom::array items;
  if (doc["items"].get(items))
    return o;
  std::int64_t n = 0;
  for (auto item : items) {
    ticket_opened t;
    t.order_id = o.order_id;
    t.order_display_id = o.display_id;
    t.number = ++n;
    t.customer_id = o.customer_id;
    t.customer_email = o.email;
    if (!item["line_item_id"].get(s))
      t.line_item_id = s;
    if (!item["product_title"].get(s))
      t.product_title = s;
    if (!item["variant_title"].get(s))
      t.variant_title = s;
    if (item["quantity"].get(t.quantity))
      t.quantity = 0;
    t.by = by;
    o.items.push_back(std::move(t));
  }
  return o;
}

step_fn resolve(create_tickets_deps deps) {
  return [deps](const step_context& ctx, step_done done) {
    auto id = order_id_of(ctx.input);
    if (id.empty())
      return done(
        step_error{"the input names no order", domain_errc::invalid_argument});
    deps.orders.ask(
      id, order::get_order{},
      [deps, id, done](entity_reply<order::order_domain> r) {
        if (!r)
          return done(step_error{"order " + id + ": " + r.error().message,
                                 r.error().code});
        if (r->items.empty())
          return done(step_error{"order " + id + " has no items",
                                 domain_errc::invalid_argument});
        order_items o{
          id, r->checkout.display_id, r->customer_id, r->checkout.email, {}};
        auto catalog = deps.catalog->get();
        for (auto& line : r->items) {
          ticket_opened t;
          t.line_item_id = line.line_id;
          t.product_title = line.title;
          t.quantity = line.quantity;
          auto [product, variant] = catalog->find_variant(line.variant_id);
          if (product)
            t.product_title = product->title;
          if (variant)
            t.variant_title = variant->title;
          o.items.push_back(std::move(t));
        }
        done(write_items(o));
      });
  };
}

// Voids every ticket of the order (those not opened answer not_found).
step_fn void_all(create_tickets_deps deps) {
  return [deps](const step_context& ctx, step_done done) {
    auto order = read_items(ctx.output_of("resolve-order-items"));
    auto left = std::make_shared<std::atomic<std::size_t>>(order.items.size());
    auto failed = std::make_shared<std::atomic<bool>>(false);
    if (order.items.empty())
      return done(std::string{"{}"});
    for (auto& item : order.items) {
      auto id = ticket_id_for(order.order_id, item.line_item_id);
      deps.tickets.ask(
        id, void_ticket{"the workflow that opened it was undone", by, now_ms()},
        [left, failed, done](entity_reply<ticket_domain> r) {
          if (!r && r.error().code != domain_errc::not_found)
            failed->store(true);
          if (left->fetch_sub(1) != 1)
            return;
          if (failed->load())
            return done(step_error{"some tickets could not be voided"});
          done(std::string{"{}"});
        });
    }
  };
}

// Opens the tickets one after the other (so a failure after the k-th is
// a clear point for the tests), then answers their ids.
struct opener : std::enable_shared_from_this<opener> {
  opener(create_tickets_deps d, step_context c, step_done k)
    : deps(std::move(d)), ctx(std::move(c)), done(std::move(k)) {
    order = read_items(ctx.output_of("resolve-order-items"));
  }

  create_tickets_deps deps;
  step_context ctx;
  step_done done;
  order_items order;
  std::size_t next = 0;

  void run() {
    if (next == order.items.size())
      return finish();
    auto item = order.items[next];
    item.at = now_ms();
    auto id = ticket_id_for(order.order_id, item.line_item_id);
    deps.tickets.ask(
      id, open_ticket{item},
      [self = shared_from_this(), id](entity_reply<ticket_domain> r) {
        if (!r)
          return self->fail(step_error{
            "ticket " + id + ": " + r.error().message, r.error().code});
        ++self->next;
        if (self->deps.after_open)
          if (auto problem = self->deps.after_open(self->ctx, self->next))
            return self->fail(step_error{*problem});
        self->run();
      });
  }

  // A try that fails leaves its tickets for the next, which opens the same
  // ones; the last try voids them (no compensation runs for the step that
  // failed itself).
  void fail(step_error e) {
    if (ctx.attempt < create_attempts)
      return done(std::move(e));
    void_all(deps)(ctx, [done = done, e](step_outcome) { done(e); });
  }

  void finish() {
    json_writer w;
    w.begin_object().key("ticket_ids").begin_array();
    for (auto& item : order.items)
      w.value(ticket_id_for(order.order_id, item.line_item_id));
    w.end_array().end_object();
    done(w.take());
  }
};

step_fn open_all(create_tickets_deps deps) {
  return [deps](const step_context& ctx, step_done done) {
    std::make_shared<opener>(deps, ctx, std::move(done))->run();
  };
}

step_fn emit(create_tickets_deps deps) {
  return [deps](const step_context& ctx, step_done done) {
    if (deps.before_emit)
      if (auto problem = deps.before_emit(ctx))
        return done(step_error{*problem});
    auto order = read_items(ctx.output_of("resolve-order-items"));
    simdjson::dom::parser p;
    bool backfill = false;
    if (p.parse(ctx.input)["backfill"].get(backfill))
      backfill = false;
    json_writer w;
    w.begin_object()
      .key("backfill")
      .value(backfill)
      .key("order_id")
      .value(order.order_id)
      .key("order_display_id")
      .value(order.display_id)
      .key("customer_id")
      .value(order.customer_id)
      .key("email")
      .value(order.email)
      .key("tickets")
      .begin_array();
    for (auto& item : order.items)
      w.begin_object()
        .key("id")
        .value(ticket_id_for(order.order_id, item.line_item_id))
        .key("display_id")
        .value(display_id(order.display_id, item.number))
        .key("product_title")
        .value(item.product_title)
        .key("variant_title")
        .value(item.variant_title)
        .key("quantity")
        .value(item.quantity)
        .end_object();
    w.end_array().end_object();
    append_request req{tickets_created_prefix + order.order_id,
                       0,
                       {{tickets_created, w.take(), {}, ""}}};
    deps.store.append(std::move(req), [done](append_result r) {
      // A conflict: an earlier try emitted it.
      if (r || r.error().code == store_errc::version_conflict)
        return done(std::string{"{}"});
      done(step_error{"tickets.created: " + r.error().message, r.error().code});
    });
  };
}

} // namespace

workflow_definition create_tickets(create_tickets_deps deps) {
  return workflow(create_tickets_workflow)
    .step("resolve-order-items", resolve(deps))
    .retry(3, 1s)
    .step("create-tickets", open_all(deps))
    .compensate(void_all(deps))
    .retry(create_attempts, 1s)
    .step("emit", emit(deps))
    .retry(5, 1s)
    .build();
}

namespace {

// The order id of an event of stream "order-<id>".
std::string order_of(const recorded_event& placed) {
  return placed.stream_id.substr(order::order_domain::stream("").size());
}

} // namespace

std::string create_tickets_key_for(const std::string& order_id) {
  return std::string{create_tickets_workflow} + ":" + order_id;
}

std::string create_tickets_input_for(const std::string& order_id,
                                     bool backfill) {
  json_writer w;
  w.begin_object().key("order_id").value(order_id);
  if (backfill)
    w.key("backfill").value(true);
  w.end_object();
  return w.take();
}

std::string create_tickets_key(const recorded_event& placed) {
  return create_tickets_key_for(order_of(placed));
}

std::string create_tickets_input(const recorded_event& placed) {
  return create_tickets_input_for(order_of(placed));
}

} // namespace souk::ticket
