#include "actors/checkout/checkout_workflow.hpp"

#include <simdjson.h>

#include "actors/cart/cart_entity.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/runtime/ask.hpp"
#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"

namespace souk::checkout {

namespace {

using workflows::step_context;
using workflows::step_done;
using workflows::step_error;
using workflows::step_outcome;

constexpr const char* by = "workflow:complete-cart";

// The order id of a cart's checkout before ids were random.
std::string legacy_order_id(const std::string& cart_id) {
  return "order_" + cart_id.substr(cart_id.find('_') + 1);
}

// The ULID of a Medusa-style id ("order_01H…" → "01H…").
std::string ulid_of(const std::string& id) {
  return id.substr(id.find('_') + 1);
}

// What the order will be: the validate step's output, read by the others.
struct snapshot {
  std::string cart_id;
  /// Chosen when the cart was locked; every later step uses it.
  std::string order_id;
  std::string customer_id;
  std::string email;
  std::string currency_code;
  std::string region_id;
  std::string sales_channel_id;
  std::vector<order::order_line> items;
  std::string shipping_method;
  std::int64_t shipping_total = 0;
  std::int64_t tax_total = 0;
  std::int64_t total = 0;
  std::string shipping_address = "null";
  std::int64_t shipping_tax_total = 0;
  /// Off the items, before tax, and the tax that saves (absent in early
  /// snapshots: 0).
  std::int64_t discount_total = 0;
  std::int64_t discount_tax_total = 0;
  /// The cart's promotion codes; those with a limit take a use each.
  struct code {
    std::string promotion_id;
    std::string code;
    std::int64_t usage_limit = 0;
  };
  std::vector<code> promotions;
};

std::string to_json(const snapshot& s) {
  json_writer w;
  w.begin_object();
  w.key("cart_id").value(s.cart_id).key("order_id").value(s.order_id);
  w.key("customer_id").value(s.customer_id);
  w.key("email").value(s.email).key("currency_code").value(s.currency_code);
  w.key("region_id").value(s.region_id);
  w.key("sales_channel_id").value(s.sales_channel_id);
  w.key("items").begin_array();
  for (auto& l : s.items)
    w.begin_object()
      .key("line_id")
      .value(l.line_id)
      .key("variant_id")
      .value(l.variant_id)
      .key("title")
      .value(l.title)
      .key("quantity")
      .value(l.quantity)
      .key("unit_price")
      .value(l.unit_price)
      .end_object();
  w.end_array();
  w.key("shipping_method").value(s.shipping_method);
  w.key("shipping_total").value(s.shipping_total);
  w.key("tax_total").value(s.tax_total).key("total").value(s.total);
  w.key("shipping_address").raw(s.shipping_address);
  w.key("shipping_tax_total").value(s.shipping_tax_total);
  w.key("discount_total").value(s.discount_total);
  w.key("discount_tax_total").value(s.discount_tax_total);
  w.key("promotions").begin_array();
  for (auto& p : s.promotions)
    w.begin_object()
      .key("promotion_id")
      .value(p.promotion_id)
      .key("code")
      .value(p.code)
      .key("usage_limit")
      .value(p.usage_limit)
      .end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

expected<snapshot, std::string> parse(const std::string& json) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{json};
  simdjson::ondemand::document doc;
  simdjson::ondemand::object o;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(o))
    return std::string{"bad checkout snapshot"};
  snapshot s;
  json_fields f{o};
  f.str("cart_id", s.cart_id)
    .str("customer_id", s.customer_id)
    .str("email", s.email)
    .str("currency_code", s.currency_code)
    .str("region_id", s.region_id)
    .str("sales_channel_id", s.sales_channel_id)
    .objects("items",
             [&](simdjson::ondemand::object& x) -> std::optional<std::string> {
               order::order_line l;
               json_fields g{x};
               g.str("line_id", l.line_id)
                 .str("variant_id", l.variant_id)
                 .str("title", l.title)
                 .i64("quantity", l.quantity)
                 .i64("unit_price", l.unit_price);
               s.items.push_back(std::move(l));
               return g.error();
             })
    .str("shipping_method", s.shipping_method)
    .i64("shipping_total", s.shipping_total)
    .i64("tax_total", s.tax_total)
    .i64("total", s.total)
    .raw("shipping_address", s.shipping_address)
    .i64("shipping_tax_total", s.shipping_tax_total);
  if (f.error())
    return *f.error();
  // Executions started before promotions have none.
  json_fields g{o};
  g.optional_i64("discount_total", s.discount_total)
    .optional_i64("discount_tax_total", s.discount_tax_total);
  simdjson::ondemand::array codes;
  if (!o["promotions"].get_array().get(codes))
    for (auto element : codes) {
      simdjson::ondemand::object x;
      if (element.get_object().get(x))
        return std::string{"bad promotion in the checkout snapshot"};
      snapshot::code c;
      json_fields h{x};
      h.str("promotion_id", c.promotion_id)
        .str("code", c.code)
        .i64("usage_limit", c.usage_limit);
      if (h.error())
        return *h.error();
      s.promotions.push_back(std::move(c));
    }
  if (g.error())
    return *g.error();
  // Executions started before order ids were random have none: theirs was
  // derived from the cart.
  if (json_fields{o}.str("order_id", s.order_id).error())
    s.order_id = legacy_order_id(s.cart_id);
  return s;
}

std::string cart_id_of(const step_context& ctx) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{ctx.input};
  simdjson::ondemand::document doc;
  std::string_view id;
  if (parser.iterate(padded).get(doc) || doc["cart_id"].get_string().get(id))
    return {};
  return std::string{id};
}

std::string reservation_of(const snapshot& s, const order::order_line& l) {
  return reservation_id(s.order_id, s.cart_id, l.line_id);
}

// A refusal passed on as the step's failure, with its code: the shopper's
// to fix (an empty cart, an item out of stock) or the service's.
step_error refused(const entity_error& e) {
  return step_error{e.message, e.code};
}

// A failure once the cart, the stock and the payment were accepted: not
// the shopper's to fix, whatever the entity said (its refusal is a bug, a
// store failure may pass), so it never carries a domain's code.
step_error after_payment(const entity_error& e) {
  if (e.code.as<domain_errc>())
    return step_error{e.message, runtime_errc::internal};
  return refused(e);
}

// -- the steps ---------------------------------------------------------------

// Locks the cart for this checkout (the cart refuses changes until the
// order exists or the checkout is compensated), once it still matches the
// catalog, and snapshots it with the id the order will have. The lock and
// the check are one command, so no price can change in between. A re-run
// of this step (a crash before its output was recorded) picks another id:
// nothing used the first one yet.
void validate(const checkout_actors& a, const step_context& ctx,
              step_done done) {
  auto id = cart_id_of(ctx);
  if (id.empty())
    return done(step_error{"the input names no cart"});
  auto catalog = a.catalog->get();
  a.carts.ask(id, cart::begin_checkout{ctx.execution_id, by, now_ms(), catalog},
              [id, catalog, done](entity_reply<cart::cart_domain> r) {
                if (!r)
                  return done(refused(r.error()));
                auto& c = *r;
                auto t = cart::totals(c);
                snapshot s{id,
                           make_id("order"),
                           c.customer_id,
                           c.email,
                           c.currency_code,
                           c.region_id,
                           c.sales_channel_id,
                           {},
                           c.shipping->name,
                           t.shipping_subtotal,
                           t.tax_total,
                           t.total,
                           cart::address_json(c.shipping_address),
                           t.shipping_tax_total,
                           t.discount_subtotal,
                           t.discount_tax_total,
                           {}};
                // The limit now (the lock found each code in this catalog,
                // unless this is a retry of a lock taken before).
                for (auto& p : c.promotions) {
                  auto now = catalog->promotions.find(p.id);
                  s.promotions.push_back({p.id, p.code,
                                          now == catalog->promotions.end()
                                            ? p.usage_limit
                                            : now->second.usage_limit});
                }
                for (auto& i : c.items)
                  s.items.push_back({i.id, i.variant_id,
                                     i.variant_title.empty()
                                       ? i.title
                                       : i.title + " (" + i.variant_title + ")",
                                     i.quantity, i.unit_price});
                done(to_json(s));
              });
}

void unlock(const checkout_actors& a, const step_context& ctx, step_done done) {
  a.carts.ask(cart_id_of(ctx),
              cart::end_checkout{ctx.execution_id, by, now_ms()},
              [done](entity_reply<cart::cart_domain> r) {
                if (!r)
                  return done(refused(r.error()));
                done(std::string{"{}"});
              });
}

// Calls `one(k, next)` for k = 0..n-1, each after the one before called
// `next`, then `then()`: one request at a time, so no reply handler races
// another over shared state.
template <class One, class Then>
void in_turn(std::size_t k, std::size_t n, One one, Then then) {
  if (k == n)
    return then();
  one(k, [=] { in_turn(k + 1, n, one, then); });
}

// Gives back every line's reservation (a release of none held is no
// change), then `then(all released)`.
void release_lines(const checkout_actors& a, std::shared_ptr<snapshot> s,
                   std::function<void(bool)> then) {
  auto ok = std::make_shared<bool>(true);
  in_turn(
    0, s->items.size(),
    [a, s, ok](std::size_t k, std::function<void()> next) {
      a.inventory.ask(
        s->items[k].variant_id,
        inventory::release{reservation_of(*s, s->items[k]), by, now_ms()},
        [ok, next](entity_reply<inventory::inventory_domain> r) {
          *ok = *ok && static_cast<bool>(r);
          next();
        });
    },
    [ok, then] { then(*ok); });
}

// The same for the uses of the limited codes.
void release_codes(const checkout_actors& a, std::shared_ptr<snapshot> s,
                   std::function<void(bool)> then) {
  auto ok = std::make_shared<bool>(true);
  in_turn(
    0, s->promotions.size(),
    [a, s, ok](std::size_t k, std::function<void()> next) {
      if (s->promotions[k].usage_limit == 0)
        return next();
      a.promotion_uses.ask(s->promotions[k].promotion_id,
                           promotion::release{s->order_id, by, now_ms()},
                           [ok, next](entity_reply<promotion::usage_domain> r) {
                             *ok = *ok && static_cast<bool>(r);
                             next();
                           });
    },
    [ok, then] { then(*ok); });
}

// Reserves line `i` onwards. On a refusal or a lost answer it gives back
// every line, the one that failed too (its reservation may have been made),
// before the step fails: a retry starts from nothing held, and a step that
// fails for good (which no compensation undoes) holds nothing.
void reserve_from(const checkout_actors& a, std::shared_ptr<snapshot> s,
                  size_t i, step_done done) {
  if (i == s->items.size())
    return done(std::string{"{}"});
  auto& line = s->items[i];
  a.inventory.ask(
    line.variant_id,
    inventory::reserve{reservation_of(*s, line), line.quantity, by, now_ms()},
    [a, s, i, done](entity_reply<inventory::inventory_domain> r) {
      if (r)
        return reserve_from(a, s, i + 1, done);
      auto& variant = s->items[i].variant_id;
      auto& e = r.error();
      // "Variant … is out of stock: 0 available, 1 requested"
      step_error failed{e.code == domain_errc::illegal_transition
                          ? "Variant " + variant + " is " + e.message
                          : "Variant " + variant + ": " + e.message,
                        e.code};
      release_lines(a, s, [done, failed](bool) { done(failed); });
    });
}

// Takes a use of each limited code from the `i`th on; on a failure gives
// every use back first, as reserve_from does.
void use_codes_from(const checkout_actors& a, std::shared_ptr<snapshot> s,
                    size_t i, step_done done) {
  while (i < s->promotions.size() && s->promotions[i].usage_limit == 0)
    ++i;
  if (i == s->promotions.size())
    return done(std::string{"{}"});
  auto& p = s->promotions[i];
  a.promotion_uses.ask(
    p.promotion_id,
    promotion::use{s->order_id, p.code, p.usage_limit, by, now_ms()},
    [a, s, i, done](entity_reply<promotion::usage_domain> r) {
      if (r)
        return use_codes_from(a, s, i + 1, done);
      auto& e = r.error();
      // Used up: the shopper's to fix (remove the code), a 400.
      step_error failed{e.message, e.code == domain_errc::illegal_transition
                                     ? error_code{domain_errc::invalid_argument}
                                     : e.code};
      release_codes(a, s, [done, failed](bool) { done(failed); });
    });
}

// A compensation: every line's reservation (or code's use) given back.
template <class Release>
void give_back(const checkout_actors& a, const step_context& ctx,
               step_done done, Release release) {
  auto s = parse(ctx.output_of("validate"));
  if (!s)
    return done(step_error{s.error()});
  release(a, std::make_shared<snapshot>(std::move(*s)), [done](bool ok) {
    ok ? done(std::string{"{}"}) : done(step_error{"a release failed"});
  });
}

std::vector<std::string> codes_of(const snapshot& s) {
  std::vector<std::string> out;
  for (auto& p : s.promotions)
    out.push_back(p.code);
  return out;
}

void create_order(const checkout_actors& a, const step_context& ctx,
                  step_done done) {
  auto parsed = parse(ctx.output_of("validate"));
  if (!parsed)
    return done(step_error{parsed.error()});
  auto s = std::make_shared<snapshot>(std::move(*parsed));
  simdjson::ondemand::parser parser;
  simdjson::padded_string auth{ctx.output_of("authorize")};
  simdjson::ondemand::document doc;
  std::string_view payment_id;
  if (parser.iterate(auth).get(doc)
      || doc["payment_id"].get_string().get(payment_id))
    return done(step_error{"no payment authorisation"});
  auto order_id = s->order_id;
  auto pay = std::string{payment_id};
  a.order_numbers.ask(
    "default", order::claim_number{order_id, by, now_ms()},
    [a, s, order_id, pay, done](entity_reply<order::numbers_domain> n) {
      if (!n)
        return done(after_payment(n.error()));
      auto number = n->number;
      auto at = now_ms();
      order::authorize_payment authorization{pay, s->total, by, at};
      order::place_order place{
        s->customer_id,
        s->currency_code,
        s->items,
        by,
        at,
        order::checkout_details{
          s->cart_id, s->email, s->region_id, s->sales_channel_id, number,
          s->shipping_method, s->shipping_total, s->tax_total,
          s->shipping_address, s->shipping_tax_total, s->discount_total,
          codes_of(*s), s->discount_tax_total},
        authorization};
      auto placed = [order_id, number, done] {
        json_writer w;
        w.begin_object().key("order_id").value(order_id);
        w.key("display_id").value(number).end_object();
        done(w.take());
      };
      // Placed and authorised in one append.
      a.orders.ask(
        order_id, place,
        [a, order_id, authorization, placed,
         done](entity_reply<order::order_domain> p) {
          if (p)
            return placed();
          if (p.error().code != domain_errc::already_exists)
            return done(after_payment(p.error()));
          // Placed before (a retried step): make sure it is authorised.
          a.orders.ask(
            order_id, authorization,
            [placed, done](entity_reply<order::order_domain> r) {
              if (!r && r.error().code != domain_errc::illegal_transition)
                return done(after_payment(r.error()));
              placed();
            });
        });
    });
}

// Cancels the order the checkout placed: the checkout failed after it (the
// cart could not be completed), so the order must not stay as if it had
// succeeded. Its cancellation releases its stock (stock_settlement), as
// does the reserve step's compensation; both are idempotent.
void cancel_order(const checkout_actors& a, const step_context& ctx,
                  step_done done) {
  auto s = parse(ctx.output_of("validate"));
  if (!s)
    return done(step_error{s.error()});
  a.orders.ask(s->order_id,
               order::cancel_order{"the checkout failed", by, now_ms()},
               [done](entity_reply<order::order_domain> r) {
                 // Cancelled before (a retried compensation) or never placed:
                 // done.
                 if (r || r.error().code == domain_errc::illegal_transition
                     || r.error().code == domain_errc::not_found)
                   return done(std::string{"{}"});
                 done(refused(r.error()));
               });
}

void complete(const checkout_actors& a, const step_context& ctx,
              step_done done) {
  auto s = parse(ctx.output_of("validate"));
  if (!s)
    return done(step_error{s.error()});
  a.carts.ask(s->cart_id, cart::complete_cart{s->order_id, by, now_ms()},
              [done](entity_reply<cart::cart_domain> r) {
                if (!r)
                  return done(after_payment(r.error()));
                done(std::string{"{}"});
              });
}

} // namespace

std::string reservation_id(const std::string& order_id,
                           const std::string& cart_id,
                           const std::string& line_id) {
  if (!cart_id.empty() && order_id == legacy_order_id(cart_id))
    return cart_id + ":" + line_id;
  return order_id + ":" + line_id;
}

std::string placed_order_id(const workflows::execution_state& e) {
  auto* step = e.find("create order");
  if (!step || step->status != workflows::step_status::completed)
    return {};
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{step->output};
  simdjson::ondemand::document doc;
  std::string_view id;
  if (parser.iterate(padded).get(doc) || doc["order_id"].get_string().get(id))
    return {};
  return std::string{id};
}

workflows::workflow_definition checkout_workflow(checkout_actors a) {
  using namespace std::chrono_literals;
  return workflows::workflow(workflow_name)
    .step("validate",
          [a](const step_context& ctx, step_done done) {
            validate(a, ctx, std::move(done));
          })
    .compensate([a](const step_context& ctx, step_done done) {
      unlock(a, ctx, std::move(done));
    })
    .step("reserve",
          [a](const step_context& ctx, step_done done) {
            auto s = parse(ctx.output_of("validate"));
            if (!s)
              return done(step_error{s.error()});
            reserve_from(a, std::make_shared<snapshot>(std::move(*s)), 0,
                         std::move(done));
          })
    .compensate([a](const step_context& ctx, step_done done) {
      give_back(a, ctx, std::move(done), release_lines);
    })
    .retry(3, 200ms)
    .step("use codes",
          [a](const step_context& ctx, step_done done) {
            auto s = parse(ctx.output_of("validate"));
            if (!s)
              return done(step_error{s.error()});
            use_codes_from(a, std::make_shared<snapshot>(std::move(*s)), 0,
                           std::move(done));
          })
    .compensate([a](const step_context& ctx, step_done done) {
      give_back(a, ctx, std::move(done), release_codes);
    })
    .retry(3, 200ms)
    .step("authorize",
          workflows::immediate([a](const step_context& ctx) -> step_outcome {
            auto s = parse(ctx.output_of("validate"));
            if (!s)
              return step_error{s.error()};
            // Keyed by the order: one authorisation per checkout, and a
            // checkout of the same cart after a failed one is a new one.
            auto r = a.payments->authorize(ulid_of(s->order_id), s->total,
                                           s->currency_code);
            if (!r)
              return step_error{"payment not authorised: " + r.error().message,
                                domain_errc::payment_refused};
            json_writer w;
            w.begin_object().key("payment_id").value(*r);
            w.key("amount").value(s->total).end_object();
            return w.take();
          }))
    .compensate(
      workflows::immediate([a](const step_context& ctx) -> step_outcome {
        simdjson::ondemand::parser parser;
        simdjson::padded_string out{ctx.output_of("authorize")};
        simdjson::ondemand::document doc;
        std::string_view id;
        if (parser.iterate(out).get(doc)
            || doc["payment_id"].get_string().get(id))
          return std::string{"{}"};
        auto r = a.payments->cancel(std::string{id});
        if (!r)
          return step_error{r.error().message};
        return std::string{"{}"};
      }))
    .step("create order",
          [a](const step_context& ctx, step_done done) {
            create_order(a, ctx, std::move(done));
          })
    .compensate([a](const step_context& ctx, step_done done) {
      cancel_order(a, ctx, std::move(done));
    })
    .retry(3, 200ms)
    .step("complete cart",
          [a](const step_context& ctx, step_done done) {
            complete(a, ctx, std::move(done));
          })
    .retry(3, 200ms)
    .build();
}

} // namespace souk::checkout
