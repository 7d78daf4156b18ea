#include "http/login_limiter.hpp"

#include <gtest/gtest.h>

namespace souk {
namespace {

using namespace std::chrono_literals;

TEST(LoginLimiter, AttemptsAreReservedUpToTheLimitAndASuccessForgetsThem) {
  login_limiter l{3, 60s};
  EXPECT_TRUE(l.try_attempt("a"));
  EXPECT_TRUE(l.try_attempt("a"));
  EXPECT_TRUE(l.try_attempt("a"));
  EXPECT_FALSE(l.try_attempt("a")); // counted before any result is known
  EXPECT_TRUE(l.try_attempt("b"));
  l.succeeded("a");
  EXPECT_TRUE(l.try_attempt("a"));
  l.release("a");
  EXPECT_EQ(l.keys(), 1u); // "a" has no attempt left to remember
}

// A flood of new keys neither grows the table nor locks anyone out.
TEST(LoginLimiter, AFloodOfKeysStaysWithinTheCapAndRefusesNoNewcomer) {
  login_limiter l{5, 60s, 100};
  for (int i = 0; i < 1000; ++i)
    ASSERT_TRUE(l.try_attempt("key" + std::to_string(i)));
  EXPECT_EQ(l.keys(), 100u);
  EXPECT_TRUE(l.try_attempt("a-real-user"));
}

TEST(LoginLimiter, AReleasedAttemptDoesNotCount) {
  login_limiter l{2, 60s};
  EXPECT_TRUE(l.try_attempt("a"));
  l.release("a");
  EXPECT_TRUE(l.try_attempt("a"));
  EXPECT_TRUE(l.try_attempt("a"));
  EXPECT_FALSE(l.try_attempt("a"));
}

TEST(ClientNetwork, IPv6AddressesAreLimitedByTheirSlash64) {
  EXPECT_EQ(client_network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_network("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64");
  EXPECT_NE(client_network("2001:db8:1:3::1"),
            client_network("2001:db8:1:2::1"));
  EXPECT_EQ(client_network("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_network("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_network("unknown"), "unknown");
}

} // namespace
} // namespace souk
