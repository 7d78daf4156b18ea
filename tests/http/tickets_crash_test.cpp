// Exactly three tickets for an order of three items when souk is killed
// with SIGKILL in the middle of opening them, and started again.
#include <csignal>
#include <filesystem>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/child_process.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;

std::string field(const std::string& out, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(out, m, std::regex{pattern}) ? m[1].str() : "";
}

TEST(TicketsCrash,
     AKillInTheMiddleOfOpeningTicketsLeavesExactlyOneEachAfterRestart) {
  auto conninfo = test::test_cluster::instance().fresh_database();
  auto dir = std::filesystem::temp_directory_path();
  auto tag = std::to_string(::getpid());
  auto marker = dir / ("souk-tickets-marker-" + tag);
  auto release = dir / ("souk-tickets-release-" + tag);
  std::filesystem::remove(marker);
  std::filesystem::remove(release);
  std::vector<std::string> argv{SOUK_TICKETS_CRASH_CHILD, conninfo,
                                marker.string(), release.string()};
  pqxx::connection db{conninfo};
  auto ticket_streams = [&] {
    return pqxx::nontransaction{db}
      .exec1("SELECT count(DISTINCT stream_id) FROM events"
             " WHERE stream_id LIKE 'ticket-%'")[0]
      .as<int>();
  };
  std::string order, key, admin_email, admin_password, shipping;
  {
    test::child_process first{argv};
    ASSERT_TRUE(first.wait_for_output("port ", 60s)) << first.output();
    auto out = first.output();
    auto port = std::stoi(field(out, R"(port (\d+))"));
    key = field(out, R"x("publishable_key":"([^"]+)")x");
    admin_email = field(out, R"x("admin_email":"([^"]+)")x");
    admin_password = field(out, R"x("admin_password":"([^"]+)")x");
    shipping = field(out, R"x("shipping_option_id":"([^"]+)")x");
    std::vector<std::string> variants;
    std::regex variant{R"x("variant_ids":\["([^"]+)")x"};
    for (auto i = std::sregex_iterator{out.begin(), out.end(), variant};
         i != std::sregex_iterator{}; ++i)
      variants.push_back((*i)[1].str());
    ASSERT_EQ(variants.size(), 3u) << out;
    test::shop_client customer{static_cast<std::uint16_t>(port), key};
    customer.become_customer("crash@example.com");
    order = customer.place_order(variants, shipping);
    ASSERT_FALSE(order.empty()) << customer.bodies.back();
    for (int i = 0; i < 1500 && !std::filesystem::exists(marker); ++i)
      std::this_thread::sleep_for(20ms);
    ASSERT_TRUE(std::filesystem::exists(marker)) << first.output();
    EXPECT_EQ(ticket_streams(), 2) << "two of three opened at the kill";
    first.signal(SIGKILL);
    first.wait(10s);
  }
  std::ofstream{release} << "go";
  test::child_process second{argv};
  ASSERT_TRUE(second.wait_for_output("port ", 60s)) << second.output();
  auto port = std::stoi(field(second.output(), R"(port (\d+))"));
  test::shop_client admin{static_cast<std::uint16_t>(port), key};
  admin.sign_in("user", admin_email, admin_password);
  ASSERT_FALSE(admin.token.empty()) << admin.bodies.back();
  std::int64_t count = 0;
  for (int i = 0; i < 1500 && count < 3; ++i) {
    auto [s, b] = admin.call(verb::get, "/admin/tickets?order_id=" + order);
    count = s == http::status::ok ? std::int64_t(b["count"]) : 0;
    if (count < 3)
      std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(count, 3);
  EXPECT_EQ(ticket_streams(), 3) << "exactly one ticket per item";
  EXPECT_EQ(pqxx::nontransaction{db}
              .exec1("SELECT count(*) FROM events WHERE type ="
                     " 'ticket.opened.v2'")[0]
              .as<int>(),
            3)
    << "each opened once";
  EXPECT_EQ(pqxx::nontransaction{db}
              .exec_params1("SELECT count(*) FROM events WHERE stream_id = $1",
                            "tickets-" + order)[0]
              .as<int>(),
            1)
    << "tickets.created once";
  auto [ws, wf] = admin.call(
    verb::get, "/admin/workflows/executions/create-tickets:" + order);
  EXPECT_EQ(test::text(wf["workflow_execution"]["state"]), "completed");
  std::filesystem::remove(marker);
  std::filesystem::remove(release);
}

} // namespace
} // namespace souk
