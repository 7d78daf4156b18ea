#include "actors/order/order_snapshot.hpp"

#include <gtest/gtest.h>

#include "actors/ticket/ticket_snapshot.hpp"

namespace souk {
namespace {

TEST(TicketSnapshot, StateRoundTripsThroughJson) {
  ticket::ticket_state s;
  s.version = 7;
  s.status = ticket::ticket_status::fulfilling;
  s.voided = false;
  s.order_id = "order_1";
  s.order_display_id = 1042;
  s.number = 3;
  s.line_item_id = "line_1";
  s.customer_id = "cus_1";
  s.customer_email = "jo@example.com";
  s.product_title = "Box \"30 cm\"";
  s.variant_title = "Kraft";
  s.quantity = 250;
  s.brief
    = {"Logo\non lid", {"navy", "white"}, "A4", "", {"https://x.example"}};
  s.notes = {{"n1", "Proof ✓", false, "user:ada", 3},
             {"n2", "internal", true, "user:bob", 4}};
  ticket::ticket_file f{"file_1", "proof.pdf", "application/pdf", 10, "ab"};
  s.attachments = {{f, true, "user:ada", 5}};
  s.proofs
    = {{"file_1", ticket::proof_status::approved, "", "customer:cus_1", 6}};
  s.assignee_id = "user_bob";
  s.opened_at = 1;
  s.updated_at = 6;
  s.status_changed_at = 5;
  auto back = ticket::decode_state(ticket::encode_state(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(ticket::decode_state("{\"version\":1}"));
  EXPECT_FALSE(ticket::decode_state("nonsense"));
}

TEST(OrderSnapshot, StateRoundTripsThroughJson) {
  order::order_state s;
  s.version = 4;
  s.status = order::order_status::payment_captured;
  s.customer_id = "cus_1";
  s.currency_code = "eur";
  s.items = {{"l1", "v1", "Cup", 500, 12}};
  s.total = 6000;
  s.payment_id = "pay_1";
  s.authorized = 6000;
  s.captured = 6000;
  s.refunded = 100;
  s.history = {{order::order_status::none, order::order_status::placed,
                "customer:cus_1", 1}};
  auto back = order::decode_state(order::encode_state(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(order::decode_state(R"({"version":1,"status":"lost"})"));
}

} // namespace
} // namespace souk
