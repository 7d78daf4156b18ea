#include "actors/runtime/json_writer.hpp"

#include <set>

#include <gtest/gtest.h>

#include <simdjson.h>

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

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonWriter, KeepsWellFormedUtf8AsItIs) {
  // 2, 3 and 4 bytes, the edges of each form, U+FFFD itself.
  std::string_view text = "\xC3\xA4 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC2\x80"
                          " \xED\x9F\xBF \xEE\x80\x80 \xF4\x8F\xBF\xBF"
                          " \xEF\xBF\xBD";
  EXPECT_EQ(json_string(text), "\"" + std::string{text} + "\"");
}

TEST(JsonWriter, ReplacesEachIllFormedUtf8SequenceWithOneReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  struct example {
    std::string_view in;
    std::string out;
  };
  for (auto& [in, out] : std::vector<example>{
         {"\xff\xfe", fffd + fffd}, // never in UTF-8
         {"a\x80"
          "b",
          "a" + fffd + "b"},                              // stray continuation
         {"\xC0\xAF", fffd + fffd},                       // overlong '/'
         {"\xE0\x80\xAF", fffd + fffd + fffd},            // overlong, 3 bytes
         {"\xED\xA0\x80", fffd + fffd + fffd},            // a UTF-16 surrogate
         {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd}, // past U+10FFFF
         {"\xE2\x82", fffd},                // truncated at the end
         {"\xE2\x82x", fffd + "x"},         // truncated, then ASCII
         {"\xF0\x9F\x98\"", fffd + "\\\""}, // truncated, then quote
       }) {
    auto literal = json_string(in);
    EXPECT_EQ(literal, "\"" + out + "\"") << literal;
    EXPECT_TRUE(simdjson::validate_utf8(literal.data(), literal.size()));
    EXPECT_TRUE(is_valid_json(literal)) << literal;
  }
}

TEST(JsonWriter, EscapesEveryControlCharacterAndTheJavaScriptLineBreaks) {
  std::string all;
  for (int c = 0; c < 0x20; ++c)
    all.push_back(static_cast<char>(c));
  auto literal = json_string(all);
  EXPECT_EQ(literal.find_first_of(std::string_view{all.data(), all.size()}),
            std::string::npos)
    << "no raw control character";
  EXPECT_NE(literal.find("\\u0000"), std::string::npos);
  EXPECT_NE(literal.find("\\u001f"), std::string::npos);
  EXPECT_TRUE(is_valid_json(literal));
  EXPECT_EQ(json_string("a\xE2\x80\xA8"
                        "b\xE2\x80\xA9"),
            R"("a\u2028b\u2029")");
}

TEST(JsonWriter, AnErrorMessageEchoingArbitraryBytesStaysValidJson) {
  // What error_response does with "Route GET <path> not found".
  std::string path = "/x/";
  for (int c = 0; c < 256; ++c)
    path.push_back(static_cast<char>(c));
  json_writer w;
  w.begin_object().key("message").value("Route GET " + path + " not found");
  w.key(path).value(true).end_object();
  EXPECT_TRUE(simdjson::validate_utf8(w.str().data(), w.str().size()));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(w.str()).get(doc)) << w.str();
  std::string_view message = doc["message"];
  EXPECT_EQ(message.substr(0, 13), "Route GET /x/");
  EXPECT_EQ(message.substr(message.size() - 10), " not found");
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
