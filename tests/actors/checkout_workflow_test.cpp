// The checkout and stock workflows with their real entities, on a real
// actor system and a real PostgreSQL: what a checkout leaves behind when
// it fails late or meets a changed catalog, and how an order's stock is
// settled once.
#include "actors/checkout/checkout_workflow.hpp"

#include <gtest/gtest.h>

#include <simdjson.h>

#include "actors/cart/cart_entity.hpp"
#include "actors/checkout/stock_settlement.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::checkout {
namespace {

using namespace std::chrono_literals;
using workflows::execution_reply;
using workflows::execution_status;
using workflows::step_status;

// A cart store that can no longer complete carts: the checkout's last step
// fails for good after the order was placed.
struct stuck_cart : cart::cart_domain {
  static cart::decision decide(const cart::cart_state& s,
                               const cart::cart_command& c) {
    if (std::holds_alternative<cart::complete_cart>(c))
      return domain_error{domain_errc::illegal_transition, "carts are stuck"};
    return cart::cart_domain::decide(s, c);
  }
};

// A provider that declines every authorisation.
struct declining_provider : payment::system_provider {
  expected<std::string, payment::payment_error>
  authorize(const std::string&, std::int64_t, const std::string&) override {
    return payment::payment_error{"card declined"};
  }
};

catalog::catalog_state shop(std::int64_t price = 120) {
  catalog::catalog_state c;
  c.version = 1;
  catalog::product p;
  p.id = "prod_1";
  p.title = "Pizza Box";
  p.variants.push_back(
    {"variant_1", "30cm", "PIZZA-30", {{"eur", price}}, {}, true});
  c.variant_index["variant_1"] = p.id;
  c.products[p.id] = p;
  c.shipping_options["so_1"] = {"so_1", "Standard", "reg_1", 495, 1};
  return c;
}

class CheckoutWorkflow : public ::testing::Test {
protected:
  CheckoutWorkflow()
    : conninfo(test::test_cluster::instance().fresh_database()),
      writer(
        std::make_shared<group_commit_writer>(group_commit_options{conninfo})),
      sys(cfg), appender(spawn_append_bridge(sys, writer)),
      reader(spawn_stream_reader(
        sys, [c = conninfo] { return std::make_unique<pg_event_store>(c); })),
      index(workflows::spawn_execution_index(sys, [c = conninfo] {
        return std::make_unique<pg_execution_index>(c);
      })) {
    catalog.publish(shop());
  }

  ~CheckoutWorkflow() override {
    for (auto& a : {engine, carts, inventory, orders, numbers, promotions,
                    appender, reader, index})
      if (a)
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  template <class CartDomain = cart::cart_domain>
  void start_runtime(std::shared_ptr<payment::payment_provider> payments
                     = std::make_shared<payment::system_provider>()) {
    carts
      = sys.spawn(entity_host<CartDomain>, reader, appender, host_options{});
    inventory = sys.spawn(entity_host<inventory::inventory_domain>, reader,
                          appender, host_options{});
    orders = sys.spawn(entity_host<order::order_domain>, reader, appender,
                       host_options{});
    numbers = sys.spawn(entity_host<order::numbers_domain>, reader, appender,
                        host_options{});
    promotions = sys.spawn(entity_host<promotion::usage_domain>, reader,
                           appender, host_options{});
    auto set = workflows::make_workflow_set(
      {checkout_workflow({{sys, carts},
                          {sys, inventory},
                          {sys, orders},
                          {sys, numbers},
                          payments,
                          &catalog,
                          {sys, promotions}}),
       stock_settlement_workflow({sys, orders}, {sys, inventory})});
    ASSERT_TRUE(set) << set.error();
    engine = workflows::spawn_workflow_engine(sys, std::move(*set), reader,
                                              appender, index);
  }

  template <class Domain>
  entity_reply<Domain> ask(caf::actor host, const std::string& id,
                           typename Domain::command_type cmd) {
    caf::scoped_actor self{sys};
    std::optional<entity_reply<Domain>> out;
    self->request(host, 30s, id, std::move(cmd))
      .receive([&](entity_reply<Domain>& r) { out = std::move(r); },
               [&](caf::error& e) {
                 out = entity_reply<Domain>{entity_error{
                   runtime_errc::unavailable, caf::to_string(e), true}};
               });
    return std::move(*out);
  }

  entity_reply<cart::cart_domain> cart_cmd(cart::cart_command c) {
    return ask<cart::cart_domain>(carts, "cart_1", std::move(c));
  }

  inventory::stock_level stock() {
    auto r = ask<inventory::inventory_domain>(inventory, "variant_1",
                                              inventory::get_stock{});
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : inventory::stock_level{};
  }

  /// cart_1: two pizza boxes at 1.20, shipping, a payment session; ten in
  /// stock.
  void ready_cart() {
    ASSERT_TRUE(cart_cmd(cart::create_cart{
      "reg_1", "eur", 1900, "sc_1", "", "ada@example.com", {}, "x", 1}));
    ASSERT_TRUE(
      cart_cmd(cart::add_line_item{{"cali_1", "variant_1", "prod_1",
                                    "Pizza Box", "30cm", "PIZZA-30", 120, 2},
                                   "x",
                                   2}));
    ASSERT_TRUE(cart_cmd(
      cart::add_shipping_method{{"casm_1", "so_1", "Standard", 495}, "x", 3}));
    ASSERT_TRUE(cart_cmd(cart::create_payment_collection{"pay_col_1", "x", 4}));
    ASSERT_TRUE(cart_cmd(
      cart::create_payment_session{"ps_1", "pp_system_default", "x", 5}));
    ASSERT_TRUE(ask<inventory::inventory_domain>(
      inventory, "variant_1", inventory::set_stock{10, "x", 6}));
  }

  template <class... Ts>
  execution_reply wf(Ts... xs) {
    caf::scoped_actor self{sys};
    std::optional<execution_reply> out;
    self->request(engine, 30s, xs...)
      .receive([&](execution_reply& r) { out = std::move(r); },
               [&](caf::error& err) {
                 out = execution_reply{entity_error{runtime_errc::unavailable,
                                                    caf::to_string(err), true}};
               });
    return std::move(*out);
  }

  /// Runs `workflow` under `key` to its end.
  execution_reply run(const std::string& workflow, const std::string& key,
                      const std::string& input) {
    auto started
      = wf(wf_start_atom::value, workflow, key, input, std::string{"test"});
    if (!started)
      return started;
    return wf(wf_result_atom::value, key);
  }

  execution_reply checkout(const std::string& key) {
    return run(workflow_name, key, R"({"cart_id":"cart_1"})");
  }

  static std::string field(const std::string& json, const char* key) {
    simdjson::dom::parser parser;
    std::string_view v;
    if (parser.parse(json)[key].get(v))
      return {};
    return std::string{v};
  }

  std::string conninfo;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::actor appender;
  caf::actor reader;
  caf::actor index;
  caf::actor carts;
  caf::actor inventory;
  caf::actor orders;
  caf::actor numbers;
  caf::actor promotions;
  caf::actor engine;
  catalog::catalog_view catalog;
};

TEST_F(CheckoutWorkflow, ACheckoutPlacesARandomOrderIdOnceAndReservesForIt) {
  start_runtime();
  ready_cart();
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(done->status, execution_status::completed) << done->error;
  auto id = placed_order_id(*done);
  EXPECT_EQ(id.rfind("order_", 0), 0u);
  EXPECT_NE(id, "order_1") << "not derived from the cart";
  EXPECT_EQ(field(done->find("validate")->output, "order_id"), id)
    << "chosen when the cart was locked";
  EXPECT_EQ(cart_cmd(cart::get_cart{})->order_id, id);
  auto o = ask<order::order_domain>(orders, id, order::get_order{});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->status, order::order_status::payment_authorized);
  EXPECT_EQ(o->checkout.cart_id, "cart_1");
  EXPECT_EQ(stock().reserved, 2);
  // The same key again: the same execution and order, nothing new.
  auto again = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(again);
  EXPECT_EQ(placed_order_id(*again), id);
  EXPECT_EQ(stock().reserved, 2);
}

// The order exists once "create order" completed; if the cart then cannot
// be completed, the checkout's end state is consistent: the order is
// cancelled, its stock released, its payment voided, the cart open again.
TEST_F(CheckoutWorkflow, AnOrderWhoseCartCannotCompleteIsCancelledAndReleased) {
  start_runtime<stuck_cart>();
  ready_cart();
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, execution_status::failed);
  EXPECT_NE(done->error.find("carts are stuck"), std::string::npos)
    << done->error;
  auto* created = done->find("create order");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->status, step_status::compensated);
  auto id = field(created->output, "order_id");
  ASSERT_FALSE(id.empty()) << created->output;
  auto o = ask<order::order_domain>(orders, id, order::get_order{});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->status, order::order_status::canceled);
  EXPECT_EQ(o->cancel_reason, "the checkout failed");
  auto s = stock();
  EXPECT_EQ(s.reserved, 0);
  EXPECT_EQ(s.stocked, 10);
  auto c = cart_cmd(cart::get_cart{});
  EXPECT_TRUE(c->checkout_id.empty()) << "the cart is unlocked";
  EXPECT_TRUE(c->order_id.empty());
  EXPECT_EQ(placed_order_id(*done), "") << "no order to answer";
}

TEST_F(CheckoutWorkflow, APriceChangedSinceTheCartIsRefusedAndLeavesItOpen) {
  start_runtime();
  ready_cart();
  catalog.publish([] {
    auto c = shop(150);
    c.version = 2;
    return c;
  }());
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, execution_status::failed);
  auto* validate = done->find("validate");
  ASSERT_NE(validate, nullptr);
  EXPECT_EQ(validate->status, step_status::failed);
  EXPECT_EQ(validate->error,
            "The price of Pizza Box (30cm) changed from 1.20 to 1.50 eur "
            "(variant variant_1); remove it and add it to the cart again");
  EXPECT_EQ(done->find("reserve"), nullptr) << "nothing reserved";
  EXPECT_EQ(stock().reserved, 0);
  EXPECT_TRUE(cart_cmd(cart::get_cart{})->checkout_id.empty());
}

// The step that failed says why in a code an API can map: the cart's,
// the stock's or the payment's refusal as it was; a refusal after the
// payment is the service's fault, not the shopper's.
TEST_F(CheckoutWorkflow, AFailedStepCarriesTheCodeOfTheRefusal) {
  start_runtime();
  ready_cart();
  ASSERT_TRUE(ask<inventory::inventory_domain>(
    inventory, "variant_1", inventory::set_stock{1, "x", 7}));
  auto sold_out = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(sold_out) << sold_out.error().message;
  ASSERT_EQ(sold_out->status, execution_status::failed);
  auto* reserve = sold_out->find("reserve");
  ASSERT_NE(reserve, nullptr);
  EXPECT_EQ(reserve->status, step_status::failed);
  EXPECT_EQ(reserve->code, domain_errc::illegal_transition);
  EXPECT_EQ(reserve->error,
            "Variant variant_1 is out of stock: 1 available, 2 requested");
  catalog.publish([] {
    auto c = shop(150);
    c.version = 2;
    return c;
  }());
  auto repriced = checkout("complete-cart:cart_1:v7");
  ASSERT_TRUE(repriced) << repriced.error().message;
  ASSERT_EQ(repriced->status, execution_status::failed);
  EXPECT_EQ(repriced->find("validate")->code, domain_errc::invalid_argument);
}

TEST_F(CheckoutWorkflow, ADeclinedPaymentFailsAuthorizeAsPaymentRefused) {
  start_runtime(std::make_shared<declining_provider>());
  ready_cart();
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(done->status, execution_status::failed);
  auto* authorize = done->find("authorize");
  ASSERT_NE(authorize, nullptr);
  EXPECT_EQ(authorize->status, step_status::failed);
  EXPECT_EQ(authorize->code, domain_errc::payment_refused);
  EXPECT_EQ(authorize->error, "payment not authorised: card declined");
  EXPECT_EQ(stock().reserved, 0) << "the reservation was released";
}

TEST_F(CheckoutWorkflow, ARefusalAfterThePaymentIsAnInternalFailure) {
  start_runtime<stuck_cart>();
  ready_cart();
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_EQ(done->status, execution_status::failed);
  auto* complete = done->find("complete cart");
  ASSERT_NE(complete, nullptr);
  EXPECT_EQ(complete->status, step_status::failed);
  EXPECT_EQ(complete->code, runtime_errc::internal)
    << "the cart's illegal_transition is not the shopper's to fix";
  EXPECT_EQ(complete->error, "carts are stuck");
}

// At-least-once delivery of order events: however often the stock of one
// order is settled, each line is released or consumed once.
TEST_F(CheckoutWorkflow, AnOrdersStockIsConsumedOnceWhateverTheRedeliveries) {
  start_runtime();
  ready_cart();
  auto done = checkout("complete-cart:cart_1:v5");
  ASSERT_TRUE(done) << done.error().message;
  auto id = placed_order_id(*done);
  auto consume = "{\"order_id\":\"" + id + "\",\"action\":\"consume\"}";
  for (auto key : {"a", "b"}) {
    auto settled = run(stock_workflow, key, consume);
    ASSERT_TRUE(settled) << settled.error().message;
    EXPECT_EQ(settled->status, execution_status::completed) << settled->error;
    auto s = stock();
    EXPECT_EQ(s.stocked, 8) << "settled by " << key;
    EXPECT_EQ(s.reserved, 0);
  }
  auto released = run(stock_workflow, "c",
                      "{\"order_id\":\"" + id + "\",\"action\":\"release\"}");
  ASSERT_TRUE(released);
  EXPECT_EQ(released->status, execution_status::completed);
  EXPECT_EQ(stock().stocked, 8) << "gone stock does not come back";
}

} // namespace
} // namespace souk::checkout
