// E-mail verification as sdk.auth.verification.* calls it, with the mail at
// a real SMTP server on loopback: a signed-in identity asks for a code for
// its own address, the code arrives once, confirms once, and nothing else
// confirms anything.
#include "http/server_app.hpp"

#include <pqxx/pqxx>

#include <gtest/gtest.h>

#include "tests/support/shop_client.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;
using test::text;

class Verification : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    smtp = new test::smtp_server{};
    config cfg;
    cfg.notifications.provider = "smtp";
    cfg.notifications.smtp_host = "127.0.0.1";
    cfg.notifications.smtp_port = smtp->port;
    cfg.notifications.smtp_from = "shop@souk.test";
    start_souk(cfg);
  }
  static void TearDownTestSuite() {
    souk_suite::TearDownTestSuite();
    delete smtp;
  }

  static std::string request_body(const std::string& email) {
    return R"({"entity_id":")" + email + R"(","entity_type":"email"})";
  }

  // The code in the newest mail to `to`, once `count` mails arrived.
  static std::string code_mailed(std::size_t count, const std::string& to) {
    auto mails = smtp->wait_for(count, 10s);
    for (auto m = mails.rbegin(); m != mails.rend(); ++m)
      if (m->rcpt_to.find(to) != std::string::npos) {
        auto at = m->text.find("for it:\n\n");
        return at == std::string::npos ? "" : m->text.substr(at + 9, 64);
      }
    return {};
  }

  static bool verified(const std::string& email) {
    pqxx::connection c{conninfo};
    pqxx::nontransaction tx{c};
    return !tx.exec_params("SELECT 1 FROM auth_identities WHERE email = $1"
                           " AND email_verified_at IS NOT NULL",
                           email)
              .empty();
  }

  static inline test::smtp_server* smtp = nullptr;
};

TEST_F(Verification, ACodeMailedToOnesOwnAddressConfirmsItOnce) {
  test::shop_client ada{app->port(), demo->publishable_key};
  ada.become_customer("verify-ada@example.com");
  auto [s, asked] = ada.call(verb::post, "/auth/verification/request",
                             request_body("verify-ada@example.com"));
  ASSERT_EQ(s, http::status::ok) << ada.bodies.back();
  EXPECT_EQ(text(asked["verification"]["entity_id"]), "verify-ada@example.com");
  EXPECT_TRUE(asked["verification"]["verified_at"].is_null());
  EXPECT_EQ(ada.bodies.back().find("code\":"), std::string::npos)
    << "the code goes by mail only";
  auto code = code_mailed(1, "verify-ada@example.com");
  ASSERT_EQ(code.size(), 64u);
  EXPECT_FALSE(verified("verify-ada@example.com"));
  test::shop_client anyone{app->port(), demo->publishable_key};
  auto [c, confirmed] = anyone.call(verb::post, "/auth/verification/confirm",
                                    R"({"code":")" + code + R"("})");
  ASSERT_EQ(c, http::status::ok) << anyone.bodies.back();
  EXPECT_EQ(text(confirmed["entity_id"]), "verify-ada@example.com");
  EXPECT_EQ(text(confirmed["code_provider"]), "token");
  EXPECT_TRUE(verified("verify-ada@example.com"));
  auto [again, twice] = anyone.call(verb::post, "/auth/verification/confirm",
                                    R"({"code":")" + code + R"("})");
  EXPECT_EQ(again, http::status::bad_request) << "a code works once";
  EXPECT_EQ(text(twice["message"]),
            "The verification code is invalid, used or expired");
}

// Only one's own address; no token, a forged one, a made-up code, another
// entity type: refused, and nothing is mailed.
TEST_F(Verification, NobodyVerifiesAnAddressThatIsNotTheirs) {
  test::shop_client bob{app->port(), demo->publishable_key};
  bob.become_customer("verify-bob@example.com");
  auto before = smtp->messages().size();
  auto [other, o] = bob.call(verb::post, "/auth/verification/request",
                             request_body("verify-ada@example.com"));
  EXPECT_EQ(other, http::status::bad_request) << bob.bodies.back();
  auto [type, t] = bob.call(verb::post, "/auth/verification/request",
                            R"({"entity_id":"+4930123","entity_type":)"
                            R"("phone_number"})");
  EXPECT_EQ(type, http::status::bad_request);
  test::shop_client anon{app->port(), demo->publishable_key};
  auto [none, n] = anon.call(verb::post, "/auth/verification/request",
                             request_body("verify-bob@example.com"));
  EXPECT_EQ(none, http::status::unauthorized);
  anon.token = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6InZlcmlmeS1ib2JAZXhhbXBsZS5"
               "jb20ifQ.forged";
  auto [forged, f] = anon.call(verb::post, "/auth/verification/request",
                               request_body("verify-bob@example.com"));
  EXPECT_EQ(forged, http::status::unauthorized);
  for (auto* code : {"00000000000000000000000000000000000000000000000000000000"
                     "00000000",
                     "short", "../../etc"}) {
    auto [s, b] = anon.call(verb::post, "/auth/verification/confirm",
                            R"({"code":")" + std::string{code} + R"("})");
    EXPECT_EQ(s, http::status::bad_request) << code;
  }
  EXPECT_FALSE(verified("verify-bob@example.com"));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(smtp->messages().size(), before);
  // Requests are bounded: five open codes, then a 429.
  for (int i = 0; i < 5; ++i) {
    auto [s, b] = bob.call(verb::post, "/auth/verification/request",
                           request_body("verify-bob@example.com"));
    EXPECT_EQ(s, http::status::ok) << bob.bodies.back();
  }
  auto [many, m] = bob.call(verb::post, "/auth/verification/request",
                            request_body("verify-bob@example.com"));
  EXPECT_EQ(many, http::status::too_many_requests);
}

} // namespace
} // namespace souk
