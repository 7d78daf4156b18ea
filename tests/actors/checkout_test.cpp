// The checkout workflow's pure parts: the ids it derives and reads back.
#include "actors/checkout/checkout_workflow.hpp"

#include <gtest/gtest.h>

#include "actors/checkout/checkout_start.hpp"
#include "actors/checkout/stock_settlement.hpp"

namespace souk::checkout {
namespace {

TEST(Checkout, AReservationIsNamedByItsOrderAndLine) {
  EXPECT_EQ(reservation_id("order_01HB", "cart_01HA", "cali_1"),
            "order_01HB:cali_1");
  // An order whose id was derived from its cart reserved by the cart.
  EXPECT_EQ(reservation_id("order_01HA", "cart_01HA", "cali_1"),
            "cart_01HA:cali_1");
  EXPECT_EQ(reservation_id("order_1", "", "l1"), "order_1:l1");
}

TEST(Checkout, TheOrderOfACompletedExecutionIsTheCreateOrderStepsOutput) {
  workflows::execution_state e;
  EXPECT_EQ(placed_order_id(e), "");
  workflows::step_record created;
  created.name = "create order";
  created.status = workflows::step_status::completed;
  created.output = R"({"order_id":"order_01HZ","display_id":7})";
  e.steps.push_back(created);
  EXPECT_EQ(placed_order_id(e), "order_01HZ");
  e.steps[0].status = workflows::step_status::compensated;
  EXPECT_EQ(placed_order_id(e), "") << "an undone step placed no order";
}

TEST(StockSettlement, ACancelReleasesAFulfilmentConsumesOneExecutionEach) {
  recorded_event ev;
  ev.stream_id = "order-order_01HZ";
  ev.type = "order.canceled.v1";
  EXPECT_EQ(stock_key(ev), "order-stock:order-order_01HZ:order.canceled.v1");
  EXPECT_EQ(stock_input(ev), R"({"order_id":"order_01HZ","action":"release"})");
  ev.type = "order.fulfilled.v1";
  EXPECT_EQ(stock_input(ev), R"({"order_id":"order_01HZ","action":"consume"})");
  EXPECT_EQ(stock_event_types(), (std::vector<std::string>{
                                   "order.canceled.v1", "order.fulfilled.v1"}));
}

} // namespace
// One checkout execution per cart version; a locked cart names its own.
TEST(Checkout, CompletingJoinsTheExecutionOfTheCartsVersion) {
  cart::cart_state c;
  c.version = 7;
  EXPECT_EQ(checkout_key("cart_1", c), "complete-cart:cart_1:v7");
  c.checkout_id = "complete-cart:cart_1:v5";
  EXPECT_EQ(checkout_key("cart_1", c), "complete-cart:cart_1:v5");
}

} // namespace souk::checkout
