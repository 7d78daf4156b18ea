#include "actors/runtime/event_codec.hpp"

#include <variant>

#include <gtest/gtest.h>

namespace souk {
namespace {

struct note_added {
  std::string text;
};
struct ticket_closed {};
using test_event = std::variant<note_added, ticket_closed>;

event_codec<test_event> make_codec() {
  event_codec<test_event> codec;
  codec.add(
    "ticket.note_added.v1",
    [](simdjson::ondemand::object& obj) -> expected<test_event, std::string> {
      std::string_view text;
      if (auto err = obj["text"].get_string().get(text))
        return std::string{"field 'text': "} + simdjson::error_message(err);
      return test_event{note_added{std::string{text}}};
    });
  codec.add(
    "ticket.closed.v1",
    [](simdjson::ondemand::object&) -> expected<test_event, std::string> {
      return test_event{ticket_closed{}};
    });
  return codec;
}

recorded_event stored(std::string type, std::string data) {
  recorded_event ev;
  ev.stream_id = "ticket-7";
  ev.version = 4;
  ev.type = std::move(type);
  ev.data = std::move(data);
  return ev;
}

TEST(EventCodec, KnownTypeDecodesItsPayload) {
  auto codec = make_codec();
  auto ev = codec.decode(stored("ticket.note_added.v1", R"({"text":"hi"})"));
  ASSERT_TRUE(ev) << ev.error().message;
  EXPECT_EQ(std::get<note_added>(*ev).text, "hi");
}

TEST(EventCodec, UnknownTypeIsAnErrorNamingStreamAndVersion) {
  auto ev = make_codec().decode(stored("ticket.exploded.v1", "{}"));
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().code, store_errc::decode_failed);
  EXPECT_EQ(ev.error().message,
            "stream 'ticket-7' version 4: unknown event type "
            "'ticket.exploded.v1'");
}

TEST(EventCodec, PayloadMissingAFieldIsAnErrorNamingStreamAndVersion) {
  auto ev = make_codec().decode(stored("ticket.note_added.v1", R"({"x":1})"));
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().code, store_errc::decode_failed);
  EXPECT_NE(ev.error().message.find("stream 'ticket-7' version 4"),
            std::string::npos);
  EXPECT_NE(ev.error().message.find("field 'text'"), std::string::npos);
}

TEST(EventCodec, PayloadThatIsNotAnObjectIsAnError) {
  auto codec = make_codec();
  EXPECT_FALSE(codec.decode(stored("ticket.closed.v1", "[1,2]")));
  EXPECT_FALSE(codec.decode(stored("ticket.closed.v1", "{broken")));
}

TEST(EventCodec, RegisteringANameTwiceIsAProgrammingError) {
  auto codec = make_codec();
  EXPECT_THROW(
    codec.add(
      "ticket.closed.v1",
      [](simdjson::ondemand::object&) -> expected<test_event, std::string> {
        return test_event{ticket_closed{}};
      }),
    std::logic_error);
}

} // namespace
} // namespace souk
