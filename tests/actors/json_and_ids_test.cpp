#include "actors/runtime/json_writer.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/runtime/events.hpp"
#include "actors/runtime/uuid.hpp"

namespace souk {
namespace {

TEST(JsonWriter, EscapesStringsAndSeparatesMembers) {
  json_writer w;
  w.begin_object()
    .key("a")
    .value("q\"b\\n\n\x01")
    .key("n")
    .value(std::int64_t{-5})
    .key("l")
    .begin_array()
    .value(true)
    .null()
    .raw("{}")
    .end_array()
    .end_object();
  EXPECT_EQ(w.str(), R"({"a":"q\"b\\n\n\u0001","n":-5,"l":[true,null,{}]})");
  EXPECT_TRUE(is_valid_json(w.str()));
}

TEST(EventMetadata, RoundTripsThroughJsonAndIgnoresJunk) {
  event_metadata m{"cause", "corr", "user:ada"};
  auto back = metadata_from_json(to_json(m));
  EXPECT_EQ(back.causation_id, "cause");
  EXPECT_EQ(back.correlation_id, "corr");
  EXPECT_EQ(back.actor, "user:ada");
  EXPECT_EQ(to_json(event_metadata{}), "{}");
  EXPECT_EQ(metadata_from_json("not json").actor, "");
}

TEST(UuidV7, IsVersion7VariantRfcUniqueAndTimeOrdered) {
  std::set<std::string> seen;
  std::string prev;
  for (int i = 0; i < 1000; ++i) {
    auto id = make_uuid_v7();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '7');
    EXPECT_NE(std::string{"89ab"}.find(id[19]), std::string::npos);
    EXPECT_TRUE(seen.insert(id).second);
    // The first 48 bits are the millisecond clock: never go backwards.
    EXPECT_GE(id.substr(0, 13), prev.substr(0, 13));
    prev = id;
  }
}

} // namespace
} // namespace souk
