// The one strict reader of request bodies: one JSON object and nothing
// after it, no U+0000 in any string, every string within its limit.
#include "http/json_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace souk {
namespace {

using ::testing::HasSubstr;

std::string field(const std::string& key, const std::string& json_value) {
  return "{\"" + key + "\":" + json_value + "}";
}

std::string json_text(const std::string& s) {
  return "\"" + s + "\"";
}

TEST(JsonBody, ReadsKnownFieldsOfOneObject) {
  std::string name;
  std::optional<std::int64_t> n;
  EXPECT_EQ(read_body(R"({"name":"Ada","n":3})",
                      {{"name", text(name)}, {"n", integer(n)}}),
            std::nullopt);
  EXPECT_EQ(name, "Ada");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(read_body("", {{"name", text(name)}}), std::nullopt)
    << "an empty body is {}";
  EXPECT_EQ(read_body("  {\"name\":\"B\"}\n", {{"name", text(name)}}),
            std::nullopt)
    << "whitespace around the object is fine";
  EXPECT_EQ(name, "B");
}

TEST(JsonBody, AnythingAfterTheObjectIsRefused) {
  std::optional<std::int64_t> a, b;
  field_readers fields{{"a", integer(a)}, {"b", integer(b)}};
  for (std::string body : {R"({"a":1} x)", R"({"a":1}{"b":2})",
                           R"({"a":1} {"b":2})", R"({"a":1}])", R"({"a":1}})",
                           R"({"a":1} 7)", R"({"a":1} "x")", R"({"a":1},)"}) {
    auto bad = read_body(body, fields);
    ASSERT_TRUE(bad) << body;
    EXPECT_EQ(*bad, "Invalid request: the body must be one JSON object and "
                    "nothing after it")
      << body;
  }
}

TEST(JsonBody, MalformedBodiesAreRefused) {
  std::string s;
  for (std::string body :
       {"{not json", "[1,2]", "\"x\"", R"({"a":1,})", R"({"a" 1})",
        R"({"a":1 "b":2})", R"({"a":"\x"})", R"({"a":"\ud800"})", "{"}) {
    EXPECT_TRUE(read_body(body, {{"a", text(s)}, {"b", text(s)}})) << body;
  }
}

TEST(JsonBody, AnIgnoredValueMustStillBeWellFormed) {
  EXPECT_EQ(read_body(R"({"metadata":{"a":[1,true,null,"x",{"b":-2.5e3}]}})",
                      {{"metadata", ignored()}}),
            std::nullopt);
  for (std::string body : {R"({"metadata":{"a":tru}})", R"({"metadata":[nul]})",
                           R"({"metadata":"\q"})"})
    EXPECT_TRUE(read_body(body, {{"metadata", ignored()}})) << body;
}

TEST(JsonBody, AStringWithNulIsRefusedWherever) {
  std::string s;
  std::optional<std::vector<std::string>> xs;
  std::optional<cart::address> address;
  auto bad = read_body(R"({"email":"a\u0000@example.com"})",
                       {{"email", text(s, max_email_bytes)}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "Invalid request: Field 'email' must not contain the NUL "
                  "character (U+0000)");
  bad = read_body(R"({"countries":["de","d\u0000"]})",
                  {{"countries", strings(xs)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("'countries[1]' must not contain the NUL"));
  bad = read_body(R"({"shipping_address":{"city":"\u0000"}})",
                  {{"shipping_address", postal_address(address)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("'shipping_address.city' must not contain"));
  EXPECT_FALSE(address);
}

TEST(JsonBody, EveryStringHasALimitAndTheMessageNamesFieldAndLimit) {
  std::string name;
  std::string email;
  std::string long_text;
  field_readers fields{{"name", text(name)},
                       {"email", text(email, max_email_bytes)},
                       {"description", text(long_text, max_long_text_bytes)}};
  // At the limit is fine, in bytes of UTF-8 ("ä" is two).
  EXPECT_EQ(
    read_body(field("name", json_text(std::string(998, 'x') + "ä")), fields),
    std::nullopt);
  EXPECT_EQ(read_body(field("email", json_text(std::string(254, 'e'))), fields),
            std::nullopt);
  EXPECT_EQ(
    read_body(field("description", json_text(std::string(10000, 'd'))), fields),
    std::nullopt);
  // One byte more is not.
  auto bad
    = read_body(field("name", json_text(std::string(999, 'x') + "ä")), fields);
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "Invalid request: Field 'name' must be at most 1000 bytes "
                  "long, got 1001");
  bad = read_body(field("email", json_text(std::string(255, 'e'))), fields);
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("Field 'email' must be at most 254 bytes"));
  bad = read_body(field("description", json_text(std::string(10001, 'd'))),
                  fields);
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("Field 'description' must be at most 10000"));
  // An escape counts as the character it stands for.
  std::string escaped;
  for (int i = 0; i < 1001; ++i)
    escaped += "\\u0041";
  bad = read_body(field("name", json_text(escaped)), fields);
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("got 1001"));
}

TEST(JsonBody, NestedStringsHaveLimitsToo) {
  std::optional<cart::address> address;
  std::optional<std::vector<std::string>> xs;
  std::map<std::string, std::string> options;
  std::string long_value(1001, 'x');
  auto bad
    = read_body(field("shipping_address", R"({"first_name":"Ada","address_1":")"
                                            + long_value + "\"}"),
                {{"shipping_address", postal_address(address)}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "Invalid request: Field 'shipping_address.address_1' must "
                  "be at most 1000 bytes long, got 1001");
  bad = read_body(field("countries", "[\"de\",\"" + long_value + "\"]"),
                  {{"countries", strings(xs)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("'countries[1]' must be at most 1000 bytes"));
  bad = read_body(field("options", "{\"Size\":\"" + long_value + "\"}"),
                  {{"options", string_map(options)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("'options.Size' must be at most 1000 bytes"));
  bad = read_body(field("options", "{\"" + long_value + "\":\"S\"}"),
                  {{"options", string_map(options)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("'options (a key)' must be at most 1000 bytes"));
}

TEST(JsonBody, AnEchoedKeyOrValueIsCutBeforeACharacterNeverInsideOne) {
  std::string s;
  // 39 ASCII bytes, then two-byte characters: byte 40 is inside one.
  auto key = std::string(39, 'k') + "\xC3\xA4\xC3\xA4";
  auto bad = read_body(field(key, "1"), {{"a", text(s)}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "Invalid request: Unrecognized fields: '"
                    + std::string(39, 'k') + "...'");
  std::optional<std::int64_t> n;
  bad = read_body(field("n", "\"" + std::string(38, 'v') + "\xE2\x82\xAC\""),
                  {{"n", integer(n)}});
  ASSERT_TRUE(bad);
  EXPECT_THAT(*bad, HasSubstr("got: '\"" + std::string(38, 'v') + "...'"));
}

struct line {
  std::string title;
  std::optional<std::int64_t> quantity;
};

TEST(JsonBody, ArraysOfObjectsNameTheElementInTheirMessages) {
  std::vector<line> lines;
  auto fields_of = [](line& l) {
    return field_readers{{"title", text(l.title)},
                         {"quantity", integer(l.quantity)}};
  };
  EXPECT_EQ(read_body(R"({"lines":[{"title":"a","quantity":1},{"title":"b"}]})",
                      {{"lines", objects(lines, fields_of)}}),
            std::nullopt);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].title, "b");
  std::vector<line> none;
  auto bad = read_body(R"({"lines":[{"title":"a"},{"title":7,"x":1}]})",
                       {{"lines", objects(none, fields_of)}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "Invalid request: Expected type: 'string' for field "
                  "'lines[1].title', got: '7'; Unrecognized fields: "
                  "'lines[1].x'");
  EXPECT_TRUE(none.empty()) << "nothing kept from a refused array";
}

} // namespace
} // namespace souk
