// Error codes of the three layers: their names, as logged and as stored.
#include "actors/runtime/error_code.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/runtime/entity_error.hpp"

namespace souk {
namespace {

TEST(ErrorCode, EveryCodesQualifiedNameReadsBackAsThatCode) {
  std::set<std::string> names;
  for (auto& code : all_error_codes()) {
    auto name = qualified_name(code);
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
    auto back = parse_error_code(name);
    ASSERT_TRUE(back) << name;
    EXPECT_EQ(*back, code) << name;
    EXPECT_NE(to_string(code), "unknown") << name;
  }
  EXPECT_EQ(qualified_name(domain_errc::payment_refused),
            "domain.payment_refused");
}

TEST(ErrorCode, ALayersCodesAreNotAnotherLayersOfTheSameName) {
  error_code domain = domain_errc::invalid_argument;
  error_code store = store_errc::invalid_argument;
  EXPECT_EQ(to_string(domain), to_string(store));
  EXPECT_NE(domain, store);
  EXPECT_NE(error_code{store_errc::overloaded},
            error_code{runtime_errc::overloaded});
  EXPECT_EQ(parse_error_code("store.invalid_argument"), store);
  EXPECT_EQ(parse_error_code("runtime.overloaded"),
            error_code{runtime_errc::overloaded});
}

TEST(ErrorCode, APlainNameIsTheDomainsThenTheStoresThenTheRuntimes) {
  EXPECT_EQ(parse_error_code("invalid_argument"),
            error_code{domain_errc::invalid_argument});
  EXPECT_EQ(parse_error_code("overloaded"), error_code{store_errc::overloaded});
  EXPECT_EQ(parse_error_code("internal"), error_code{runtime_errc::internal});
}

TEST(ErrorCode, ANameNoLayerHasIsNoCode) {
  EXPECT_FALSE(parse_error_code(""));
  EXPECT_FALSE(parse_error_code("caf"));
  EXPECT_FALSE(parse_error_code("domain."));
  EXPECT_FALSE(parse_error_code("domain.version_conflict"));
  EXPECT_FALSE(parse_error_code("other.not_found"));
  EXPECT_FALSE(parse_error_code("unknown"));
}

TEST(EntityError, CarriesTheDomainsOrTheStoresCodeAndWhetherToRetry) {
  auto refused = entity_error::from(
    domain_error{domain_errc::illegal_transition, "already shipped"});
  EXPECT_EQ(refused.code, domain_errc::illegal_transition);
  EXPECT_FALSE(refused.retriable);
  auto away
    = entity_error::from(store_error{store_errc::unavailable, "no db", -1});
  EXPECT_EQ(away.code, store_errc::unavailable);
  EXPECT_TRUE(away.retriable);
  auto stale
    = entity_error::from(store_error{store_errc::version_conflict, "v3", 3});
  EXPECT_TRUE(stale.retriable);
  auto lost
    = entity_error::from(store_error{store_errc::outcome_unknown, "?", -1});
  EXPECT_FALSE(lost.retriable);
}

} // namespace
} // namespace souk
