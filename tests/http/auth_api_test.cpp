// Sign-in, sign-up and tokens over real HTTP on a real PostgreSQL, with
// Medusa's statuses and messages.
#include "http/server_app.hpp"

#include <algorithm>
#include <deque>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "http/tokens.hpp"
#include "persistence/pg_accounts.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;

class AuthApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    config cfg;
    cfg.auth_secret = std::string(40, 's');
    start_souk(cfg);
  }

  AuthApi() : client("127.0.0.1", app->port()) {
    client.set_header("x-publishable-api-key", demo->publishable_key);
  }

  std::pair<http::status, simdjson::dom::element>
  call(verb v, const std::string& target, std::string body = {},
       std::string token = {}) {
    client.set_header("authorization", token.empty() ? "" : "Bearer " + token);
    auto res = client.request(v, target, std::move(body));
    bodies.push_back(res.body());
    return {res.result(), parser.parse(bodies.back())};
  }

  std::string login(const std::string& actor, const std::string& email,
                    const std::string& password) {
    auto [status, body] = call(verb::post, "/auth/" + actor + "/emailpass",
                               R"({"email":")" + email + R"(","password":")"
                                 + password + R"("})");
    EXPECT_EQ(status, http::status::ok) << bodies.back();
    if (status != http::status::ok)
      return {};
    return std::string{std::string_view(body["token"])};
  }

  test::http_client client;
  simdjson::dom::parser parser;
  std::deque<std::string> bodies;
};

TEST_F(AuthApi, TheSeededAdminSignsInAndReachesTheAdminApi) {
  ASSERT_FALSE(demo->admin_password.empty());
  auto token = login("user", demo->admin_email, demo->admin_password);
  auto claims = verify_token(token, std::string(40, 's'), 0);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->actor_type, "user");
  EXPECT_EQ(claims->actor_id.rfind("user_", 0), 0u);
  auto [status, body]
    = call(verb::get, "/admin/workflows/executions", {}, token);
  EXPECT_EQ(status, http::status::ok) << bodies.back();
}

TEST_F(AuthApi, AdminRoutesWithoutAnAdminTokenAre401) {
  auto [none, body] = call(verb::get, "/admin/workflows/executions");
  EXPECT_EQ(none, http::status::unauthorized);
  EXPECT_EQ(bodies.back(), R"({"message":"Unauthorized"})");
  auto [forged, b2]
    = call(verb::get, "/admin/workflows/executions", {},
           issue_token({"user", "user_x", "a", "x@y.z", 0, 4102444800},
                       std::string(40, 'x')));
  EXPECT_EQ(forged, http::status::unauthorized) << "signed with another key";
  // An unsigned token ("alg":"none") is refused too.
  auto [unsigned_, b3] = call(verb::get, "/admin/workflows/executions", {},
                              "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                              "eyJhY3Rvcl90eXBlIjoidXNlciIsImFjdG9yX2lkIjoidXNl"
                              "cl94IiwiZXhwIjo0MTAyNDQ0ODAwfQ.");
  EXPECT_EQ(unsigned_, http::status::unauthorized);
}

TEST_F(AuthApi, AWrongPasswordIs401AndRepeatedFailuresAre429) {
  auto [status, body]
    = call(verb::post, "/auth/user/emailpass",
           R"({"email":"admin@souk.local","password":"nope"})");
  EXPECT_EQ(status, http::status::unauthorized);
  EXPECT_EQ(std::string_view(body["type"]), "unauthorized");
  EXPECT_EQ(std::string_view(body["message"]), "Invalid email or password");
  auto [unknown, b2]
    = call(verb::post, "/auth/user/emailpass",
           R"({"email":"ghost@souk.local","password":"nope"})");
  EXPECT_EQ(unknown, http::status::unauthorized);
  http::status last{};
  for (int i = 0; i < 6; ++i)
    last = call(verb::post, "/auth/customer/emailpass",
                R"({"email":"victim@example.com","password":"guess"})")
             .first;
  EXPECT_EQ(last, http::status::too_many_requests);
  // The admin is not locked out by someone guessing another e-mail.
  EXPECT_FALSE(login("user", demo->admin_email, demo->admin_password).empty());
}

TEST_F(AuthApi, ACustomerRegistersCreatesTheProfileAndSignsIn) {
  auto [s1, reg]
    = call(verb::post, "/auth/customer/emailpass/register",
           R"({"email":"Ada@Example.com","password":"difference-engine"})");
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  std::string registration{std::string_view(reg["token"])};
  auto [s2, created]
    = call(verb::post, "/store/customers",
           R"({"first_name":"Ada","last_name":"Lovelace"})", registration);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  std::string id{std::string_view(created["customer"]["id"])};
  EXPECT_EQ(id.rfind("cus_", 0), 0u);
  EXPECT_EQ(std::string_view(created["customer"]["email"]), "ada@example.com");
  auto [s3, again]
    = call(verb::post, "/auth/customer/emailpass/register",
           R"({"email":"ada@example.com","password":"another-one"})");
  EXPECT_EQ(s3, http::status::unauthorized);
  EXPECT_EQ(std::string_view(again["message"]),
            "Identity with email already exists");
  auto token = login("customer", "ada@example.com", "difference-engine");
  auto [s4, me] = call(verb::get, "/store/customers/me", {}, token);
  ASSERT_EQ(s4, http::status::ok) << bodies.back();
  EXPECT_EQ(std::string_view(me["customer"]["id"]), id);
  EXPECT_EQ(std::string_view(me["customer"]["first_name"]), "Ada");
  auto [s5, refreshed] = call(verb::post, "/auth/token/refresh", {}, token);
  EXPECT_EQ(s5, http::status::ok);
  auto [s6, anon] = call(verb::get, "/store/customers/me");
  EXPECT_EQ(s6, http::status::unauthorized);
  EXPECT_EQ(bodies.back(), R"({"message":"Unauthorized"})");
  // A customer token is not an admin token.
  EXPECT_EQ(call(verb::get, "/admin/workflows/executions", {}, token).first,
            http::status::unauthorized);
}

TEST_F(AuthApi, BadSignUpsAre400) {
  EXPECT_EQ(call(verb::post, "/auth/customer/emailpass/register",
                 R"({"email":"short@example.com","password":"123"})")
              .first,
            http::status::bad_request);
  EXPECT_EQ(
    call(verb::post, "/auth/customer/emailpass/register", R"({"email":5})")
      .first,
    http::status::bad_request);
  EXPECT_EQ(call(verb::post, "/store/customers", R"({"first_name":"X"})").first,
            http::status::unauthorized);
}

// The limit is reserved before the password is hashed: 60 wrong passwords
// at once for one account get at most 5 tries, the rest 429.
TEST_F(AuthApi, ParallelWrongPasswordsForOneAccountAreLimitedToo) {
  std::vector<std::future<unsigned>> tries;
  for (int i = 0; i < 60; ++i)
    tries.push_back(std::async(std::launch::async, [] {
      test::http_client c{"127.0.0.1", app->port()};
      return c
        .request(verb::post, "/auth/user/emailpass",
                 R"({"email":"parallel-victim@souk.local","password":"x"})")
        .result_int();
    }));
  int tried = 0, limited = 0;
  for (auto& t : tries) {
    auto status = t.get();
    tried += status == 401;
    limited += status == 429;
  }
  EXPECT_EQ(tried, 5);
  EXPECT_EQ(limited, 55);
}

// Refresh reads the identity again: a registration token refreshed after
// the profile exists names the customer; the session's sign-in time stays.
TEST_F(AuthApi, ARefreshedTokenCarriesTheIdentityAsItIsNow) {
  auto [s1, reg]
    = call(verb::post, "/auth/customer/emailpass/register",
           R"({"email":"grace@example.com","password":"compiler-1952"})");
  ASSERT_EQ(s1, http::status::ok) << bodies.back();
  std::string registration{std::string_view(reg["token"])};
  auto [s2, created] = call(verb::post, "/store/customers",
                            R"({"first_name":"Grace"})", registration);
  ASSERT_EQ(s2, http::status::ok) << bodies.back();
  std::string customer{std::string_view(created["customer"]["id"])};
  auto [s3, refreshed]
    = call(verb::post, "/auth/token/refresh", {}, registration);
  ASSERT_EQ(s3, http::status::ok) << bodies.back();
  auto before = verify_token(registration, std::string(40, 's'), 0);
  auto after = verify_token(std::string_view(refreshed["token"]),
                            std::string(40, 's'), 0);
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->actor_id, "");
  EXPECT_EQ(after->actor_id, customer);
  EXPECT_EQ(after->auth_time, before->auth_time);
  EXPECT_LE(after->exp, after->auth_time + session_lifetime_s);
}

TEST(Tokens, ASessionEndsAfterItsLifetimeHoweverOftenRefreshed) {
  std::string key(40, 'k');
  std::int64_t now = 2'000'000'000;
  token_claims c{"user",
                 "user_1",
                 "authid_1",
                 "a@b.c",
                 now - 10,
                 now + 3600,
                 now - session_lifetime_s + 5};
  EXPECT_TRUE(verify_token(issue_token(c, key), key, now));
  EXPECT_FALSE(verify_token(issue_token(c, key), key, now + 10));
  c.auth_time = 0; // a token that does not say when its session began
  EXPECT_FALSE(verify_token(issue_token(c, key), key, now));
}

// GET /admin/users is the team a ticket can be assigned to: the active
// admins by e-mail, never a disabled one, and only for admins.
TEST_F(AuthApi, TheTeamListHoldsTheActiveAdminsOnly) {
  ASSERT_TRUE(create_admin(conninfo, "team-a@souk.local", "team-a-password"));
  ASSERT_TRUE(create_admin(conninfo, "team-b@souk.local", "team-b-password"));
  ASSERT_TRUE(*pg_accounts{conninfo}.disable_user("team-b@souk.local"));
  auto token = login("user", demo->admin_email, demo->admin_password);
  auto [status, body] = call(verb::get, "/admin/users", {}, token);
  ASSERT_EQ(status, http::status::ok) << bodies.back();
  std::vector<std::string> emails;
  for (auto u : body["users"].get_array()) {
    emails.emplace_back(std::string_view(u["email"]));
    EXPECT_EQ(std::string_view(u["id"]).rfind("user_", 0), 0u);
  }
  EXPECT_TRUE(std::is_sorted(emails.begin(), emails.end()));
  EXPECT_NE(std::find(emails.begin(), emails.end(), demo->admin_email),
            emails.end());
  EXPECT_NE(std::find(emails.begin(), emails.end(), "team-a@souk.local"),
            emails.end());
  EXPECT_EQ(std::find(emails.begin(), emails.end(), "team-b@souk.local"),
            emails.end());
  EXPECT_EQ(int64_t(body["count"]), static_cast<int64_t>(emails.size()));
  EXPECT_EQ(call(verb::get, "/admin/users").first, http::status::unauthorized);
}

// A disabled admin's tokens stop working (within the status cache's two
// seconds), and it can neither refresh nor sign in again.
TEST_F(AuthApi, ADisabledAdminsTokensStopWorking) {
  ASSERT_TRUE(create_admin(conninfo, "temp-admin@souk.local", "temporary-pw"));
  auto token = login("user", "temp-admin@souk.local", "temporary-pw");
  ASSERT_EQ(call(verb::get, "/admin/orders", {}, token).first,
            http::status::ok);
  ASSERT_TRUE(*pg_accounts{conninfo}.disable_user("temp-admin@souk.local"));
  auto status = http::status::ok;
  for (int i = 0; i < 100 && status == http::status::ok; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    status = call(verb::get, "/admin/orders", {}, token).first;
  }
  EXPECT_EQ(status, http::status::unauthorized);
  EXPECT_EQ(call(verb::post, "/auth/token/refresh", {}, token).first,
            http::status::unauthorized);
  EXPECT_EQ(
    call(verb::post, "/auth/user/emailpass",
         R"({"email":"temp-admin@souk.local","password":"temporary-pw"})")
      .first,
    http::status::unauthorized);
}

} // namespace
} // namespace souk
