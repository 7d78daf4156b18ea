#include "actors/order/order_codec.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/ticket/ticket_codec.hpp"

namespace souk {
namespace {

template <class Event>
recorded_event stored(const new_event& ev) {
  recorded_event r;
  r.stream_id = "s-1";
  r.version = 3;
  r.type = ev.type;
  r.data = ev.data;
  return r;
}

// encode → store → decode → encode gives the same bytes for every event.
template <class Event, class Codec, class Encode>
void expect_round_trip(const std::vector<Event>& events, const Codec& codec,
                       Encode encode) {
  std::set<std::string> names;
  for (auto& e : events) {
    auto ev = encode(e);
    EXPECT_TRUE(is_valid_json(ev.data)) << ev.data;
    EXPECT_TRUE(names.insert(ev.type).second) << "name used twice: " << ev.type;
    auto back = codec.decode(stored<Event>(ev));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(encode(*back).data, ev.data);
    EXPECT_EQ(encode(*back).type, ev.type);
  }
}

TEST(OrderCodec, EveryEventRoundTripsThroughItsPersistedForm) {
  using namespace order;
  std::vector<order_event> all
    = {order_placed{
         "cus_1",
         "eur",
         {{"l1", "v1", "Cup \"8oz\"", 500, 12}, {"l2", "v2", "Box", 1, 0}},
         6000,
         "customer:cus_1",
         1700000000000,
         {"cart_1", "ada@example.com", "reg_1", "sc_1", 7, "Standard", 495, 461,
          R"({"city":"Berlin","country_code":"de"})", 94}},
       payment_authorized{"pay_1", 6000, "system", 2},
       payment_captured{6000, "user:ada", 3},
       order_fulfilled{"user:ada", 4},
       order_shipped{"TRACK-1", "user:ada", 5},
       order_delivered{"carrier", 6},
       order_completed{"system", 7},
       order_canceled{"changed mind", "customer:cus_1", 8},
       order_refunded{100, "damaged", "user:ada", 9}};
  ASSERT_EQ(all.size(), std::variant_size_v<order_event>);
  expect_round_trip(all, order::codec(),
                    [](const order_event& e) { return order::encode(e); });
}

TEST(TicketCodec, EveryEventRoundTripsThroughItsPersistedForm) {
  using namespace ticket;
  ticket_opened opened;
  opened.order_id = "order_1";
  opened.order_display_id = 1042;
  opened.number = 2;
  opened.line_item_id = "line_1";
  opened.customer_id = "cus_1";
  opened.customer_email = "jo@example.com";
  opened.product_title = "Box";
  opened.variant_title = "30 cm";
  opened.quantity = 500;
  opened.brief = {"Logo\nlid", {"navy"}, "A4", "soon", {"https://x.example"}};
  opened.by = "system";
  opened.at = 1;
  ticket_file file{"file_1", "a \"b\".pdf", "application/pdf", 9, "ab12"};
  std::vector<ticket_event> all = {
    opened,
    brief_updated{{"Logo on both sides", {}, "", "", {}}, "customer:cus_1", 2},
    note_added{"n1", "Proof attached ✓", true, "user:ada", 3},
    ticket_moved{ticket_status::fulfilling, ticket_status::designing_artwork,
                 "wrong colour", "user:ada", 4},
    attachment_added{file, "customer:cus_1", 5},
    proof_attached{file, "user:ada", 6},
    proof_decided{"file_1", proof_status::changes_requested, "bigger",
                  "customer:cus_1", 7},
    ticket_assigned{"", "user_bob", "user:ada", 8},
    ticket_voided{"undone", "workflow:create-tickets", 9}};
  ASSERT_EQ(all.size(), std::variant_size_v<ticket_event>);
  expect_round_trip(all, ticket::codec(),
                    [](const ticket_event& e) { return ticket::encode(e); });
}

TEST(TicketCodec, AnUnknownStatusInAStoredMoveIsADecodeError) {
  recorded_event r;
  r.stream_id = "ticket-1";
  r.version = 5;
  r.type = "ticket.moved.v1";
  r.data = R"({"from":"fulfilling","to":"archived","by":"x","at":1})";
  auto back = ticket::codec().decode(r);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().message,
            "stream 'ticket-1' version 5: undecodable payload of "
            "'ticket.moved.v1': unknown ticket status 'archived'");
}

TEST(OrderCodec, APlacedEventWithoutCheckoutDetailsStillDecodes) {
  recorded_event r;
  r.stream_id = "order-1";
  r.version = 1;
  r.type = "order.placed.v1";
  r.data = R"({"customer_id":"c","currency_code":"eur","total":5,)"
           R"("items":[{"line_id":"l","variant_id":"v","title":"t",)"
           R"("quantity":1,"unit_price":5}],"by":"x","at":1})";
  auto e = order::codec().decode(r);
  ASSERT_TRUE(e) << e.error().message;
  auto& placed = std::get<order::order_placed>(*e);
  EXPECT_EQ(placed.total, 5);
  EXPECT_EQ(placed.checkout, order::checkout_details{});
}

TEST(OrderCodec, AMissingFieldIsADecodeErrorNamingIt) {
  recorded_event r;
  r.stream_id = "order-1";
  r.version = 2;
  r.type = "order.payment_captured.v1";
  r.data = R"({"by":"x","at":1})";
  auto back = order::codec().decode(r);
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().message.find("field 'amount'"), std::string::npos)
    << back.error().message;
}

} // namespace
} // namespace souk
