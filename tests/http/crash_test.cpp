// souk killed with SIGKILL at a chosen point (crash_child.cpp holds it
// there) and started again on the same database: exactly three tickets for
// an order of three items when killed while opening them, and exactly one
// order confirmation when killed in the middle of sending it.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "actors/notifications/notification.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;

std::string field(const std::string& out, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(out, m, std::regex{pattern}) ? m[1].str() : "";
}

// One run of crash_child on a fresh database; `start` again after a kill
// restarts it on the same database, released from its point.
class Crash : public ::testing::Test {
public:
  Crash() : conninfo(test::test_cluster::instance().fresh_database()) {
    auto dir = std::filesystem::temp_directory_path();
    auto tag = std::to_string(::getpid());
    marker = dir / ("souk-crash-marker-" + tag);
    release = dir / ("souk-crash-release-" + tag);
    std::filesystem::remove(marker);
    std::filesystem::remove(release);
  }

  ~Crash() override {
    std::filesystem::remove(marker);
    std::filesystem::remove(release);
  }

  // Starts the child held at `point`, and reads the demo store it printed.
  std::unique_ptr<test::child_process> start(const std::string& point,
                                             int smtp_port = 0) {
    std::vector<std::string> argv{SOUK_CRASH_CHILD, point, conninfo,
                                  marker.string(), release.string()};
    if (smtp_port)
      argv.push_back(std::to_string(smtp_port));
    auto child = std::make_unique<test::child_process>(argv);
    // After the demo's line: "port " alone also ends words in the log.
    EXPECT_TRUE(child->wait_for_output("\nport ", 60s)) << child->output();
    auto out = child->output();
    port
      = static_cast<std::uint16_t>(std::stoi(field(out, R"(\nport (\d+)\n)")));
    if (!variants.empty()) // started again: the demo was printed before
      return child;
    key = field(out, R"x("publishable_key":"([^"]+)")x");
    admin_email = field(out, R"x("admin_email":"([^"]+)")x");
    admin_password = field(out, R"x("admin_password":"([^"]+)")x");
    shipping = field(out, R"x("shipping_option_id":"([^"]+)")x");
    std::regex variant{R"x("variant_ids":\["([^"]+)")x"};
    for (auto i = std::sregex_iterator{out.begin(), out.end(), variant};
         i != std::sregex_iterator{}; ++i)
      variants.push_back((*i)[1].str());
    return child;
  }

  // Waits (bounded) for the child to reach its point, then kills it.
  void kill_at_point(test::child_process& child) {
    for (int i = 0; i < 1500 && !std::filesystem::exists(marker); ++i)
      std::this_thread::sleep_for(20ms);
    ASSERT_TRUE(std::filesystem::exists(marker)) << child.output();
    child.signal(SIGKILL);
    child.wait(10s);
    std::ofstream{release} << "go";
  }

  std::unique_ptr<test::shop_client> admin() {
    auto a = std::make_unique<test::shop_client>(port, key);
    a->sign_in("user", admin_email, admin_password);
    EXPECT_FALSE(a->token.empty()) << a->bodies.back();
    return a;
  }

  // The state of workflow execution `id` once it ended (bounded wait).
  std::string ended(test::shop_client& a, const std::string& id) {
    std::string state;
    for (int i = 0; i < 1500; ++i) {
      auto [s, b] = a.call(verb::get, "/admin/workflows/executions/" + id);
      state = test::text(b["workflow_execution"]["state"]);
      if (state == "completed" || state == "failed")
        break;
      std::this_thread::sleep_for(20ms);
    }
    return state;
  }

  template <class... Args>
  std::int64_t scalar(const std::string& sql, const Args&... args) {
    pqxx::connection db{conninfo};
    return pqxx::nontransaction{db}
      .exec_params1(sql, args...)[0]
      .template as<std::int64_t>();
  }

  std::string conninfo;
  std::filesystem::path marker, release;
  std::uint16_t port = 0;
  std::string key, admin_email, admin_password, shipping;
  std::vector<std::string> variants;
};

TEST_F(Crash,
       AKillInTheMiddleOfOpeningTicketsLeavesExactlyOneEachAfterRestart) {
  auto ticket_streams = [&] {
    return scalar("SELECT count(DISTINCT stream_id) FROM events"
                  " WHERE stream_id LIKE 'ticket-%'");
  };
  std::string order;
  {
    auto first = start("tickets-opened");
    ASSERT_EQ(variants.size(), 3u) << first->output();
    test::shop_client customer{port, key};
    customer.become_customer("crash@example.com");
    order = customer.place_order(variants, shipping);
    ASSERT_FALSE(order.empty()) << customer.bodies.back();
    for (int i = 0; i < 1500 && !std::filesystem::exists(marker); ++i)
      std::this_thread::sleep_for(20ms);
    EXPECT_EQ(ticket_streams(), 2) << "two of three opened at the kill";
    kill_at_point(*first);
  }
  auto second = start("tickets-opened");
  auto a = admin();
  std::int64_t count = 0;
  for (int i = 0; i < 1500 && count < 3; ++i) {
    auto [s, b] = a->call(verb::get, "/admin/tickets?order_id=" + order);
    count = s == http::status::ok ? std::int64_t(b["count"]) : 0;
    if (count < 3)
      std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(count, 3);
  EXPECT_EQ(ticket_streams(), 3) << "exactly one ticket per item";
  EXPECT_EQ(
    scalar("SELECT count(*) FROM events WHERE type = $1", "ticket.opened.v2"),
    3)
    << "each opened once";
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE stream_id = $1",
                   "tickets-" + order),
            1)
    << "tickets.created once";
  EXPECT_EQ(ended(*a, "create-tickets:" + order), "completed");
}

// The order confirmation, killed at `point` while it is being sent to a
// real SMTP server, and souk started again: the message arrives once. The
// confirmation's record is then `state`, and /metrics counts `in_doubt`.
void mail_once(Crash& t, const std::string& point, std::size_t at_kill,
               const std::string& state, int in_doubt) {
  test::smtp_server smtp;
  std::string order;
  {
    auto first = t.start(point, smtp.port);
    ASSERT_FALSE(t.variants.empty()) << first->output();
    test::shop_client customer{t.port, t.key};
    customer.become_customer("mail-crash@example.com");
    order = customer.place_order({t.variants[0]}, t.shipping);
    ASSERT_FALSE(order.empty()) << customer.bodies.back();
    // The tickets-created mail is sent and recorded first, so that the
    // kill finds nothing but the confirmation on its way.
    for (int i = 0; i < 1500
                    && t.scalar("SELECT count(*) FROM notifications WHERE"
                                " cause LIKE 'tickets.created:%' AND state ="
                                " 'sent'")
                         == 0;
         ++i)
      std::this_thread::sleep_for(20ms);
    t.kill_at_point(*first);
  }
  auto id = "<" + notifications::notification_id("order.placed:" + order)
            + "@souk.test>";
  auto confirmations = [&] {
    std::size_t n = 0;
    for (auto& m : smtp.messages())
      n += m.message_id == id;
    return n;
  };
  EXPECT_EQ(confirmations(), at_kill) << "when killed";
  auto second = t.start(point, smtp.port);
  auto a = t.admin();
  EXPECT_EQ(t.ended(*a, "order-confirmation:order-" + order), "completed")
    << second->output();
  EXPECT_EQ(t.ended(*a, "create-tickets:" + order), "completed");
  smtp.wait_for(2, 10s); // the confirmation and the tickets-created mail
  EXPECT_EQ(confirmations(), 1u) << "exactly once";
  std::set<std::string> ids;
  for (auto& m : smtp.messages())
    EXPECT_TRUE(ids.insert(m.message_id).second) << "twice: " << m.raw;
  pqxx::connection db{t.conninfo};
  EXPECT_EQ(pqxx::nontransaction{db}
              .exec_params1("SELECT state FROM notifications WHERE cause = $1",
                            "order.placed:" + order)[0]
              .as<std::string>(),
            state);
  test::http_client http{"127.0.0.1", t.port};
  auto metrics = http.request(verb::get, "/metrics").body();
  EXPECT_NE(metrics.find("\nsouk_notifications_in_doubt "
                         + std::to_string(in_doubt) + "\n"),
            std::string::npos)
    << metrics;
}

TEST_F(Crash, AKillAtTheFinalDotOfAMessageSendsItOnceAfterRestart) {
  // All but the "." was sent: the server dropped it, nothing was claimed,
  // and the retry sends it.
  mail_once(*this, "mail-at-commit", 0, "sent", 0);
}

TEST_F(Crash, AKillAfterTheServerAcceptedAMessageNeverSendsItAgain) {
  // Delivered and claimed, not marked sent: in doubt, so not sent again.
  mail_once(*this, "mail-after-send", 1, "claimed", 1);
}

} // namespace
} // namespace souk
