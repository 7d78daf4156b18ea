// PostgreSQL failing under a souk that is taking orders: souk runs as a
// real child process (`souk serve --demo`) while shoppers check out, and
// its database is killed or stopped under them. While it is down, requests
// that need it are answered 503 at once (no hang) and /health/ready says
// so; when it is back souk serves again without being restarted, and every
// order whose checkout answered 200 is there.
#include <csignal>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/souk_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;
using test::describe;
using test::ms_since;
using test::shoppers;
using test::souk_server;
using test::steady;

// Every acknowledged order is there, read through the admin API.
void expect_all_orders_stored(souk_server& s,
                              const std::vector<shoppers::placed>& orders) {
  auto a = s.admin();
  auto& admin = *a;
  int missing = 0;
  for (auto& o : orders)
    if (admin.call(verb::get, "/admin/orders/" + o.order_id).first
        != http::status::ok)
      ++missing;
  EXPECT_EQ(missing, 0) << "of " << orders.size() << " acknowledged orders";
  auto [status, list] = admin.call(verb::get, "/admin/orders?limit=1");
  ASSERT_EQ(status, http::status::ok);
  std::int64_t count = 0;
  ASSERT_FALSE(list["count"].get(count));
  EXPECT_GE(count, static_cast<std::int64_t>(orders.size()));
}

// The log lines of errors and warnings (the last 40).
std::string errors_in(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in{log};
  for (std::string line; std::getline(in, line);)
    if (line.find("[error]") != std::string::npos
        || line.find("[warning]") != std::string::npos)
      lines.push_back(line);
  std::string out;
  for (auto i = lines.size() > 40 ? lines.size() - 40 : 0; i < lines.size();
       ++i)
    out += lines[i] + "\n";
  return out;
}

// What the 5xx answers were: 503 only, in Medusa's envelope.
void expect_only_503s(shoppers& load, souk_server& souk) {
  auto statuses = load.statuses();
  if (!load.failures().empty())
    std::ofstream{"/tmp/souk-faults-last.log"} << souk.proc->output();
  for (auto& f : load.failures())
    ADD_FAILURE() << f << "\nsouk's errors:\n"
                  << errors_in(souk.proc->output());
  for (auto& [code, n] : statuses) {
    if (code >= 500) {
      EXPECT_EQ(code, 503) << n << " answers " << code << ": "
                           << describe(statuses);
    }
  }
}

TEST(DatabaseFaults, AKilledEmbeddedClusterIsStartedAgainAndNoOrderIsLost) {
  test::souk_data_dir dir{"pgkill"};
  souk_server souk{dir.path};
  shoppers load{souk.port, souk.demo, 8};
  std::this_thread::sleep_for(1500ms);
  auto before = load.orders().size();
  ASSERT_GT(before, 0u) << describe(load.statuses());
  auto pid = souk.postmaster();
  ASSERT_GT(pid, 0);
  // What the OOM killer does: the postmaster alone, with no warning.
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  auto killed = steady::now();
  bool saw_down = false;
  long back_ms = -1;
  while (ms_since(killed) < 30000) {
    auto r = souk.ready();
    if (r == http::status::service_unavailable)
      saw_down = true;
    if (r == http::status::ok && (saw_down || ms_since(killed) > 1000)) {
      back_ms = ms_since(killed);
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GE(back_ms, 0) << "souk never served again: " << souk.proc->output();
  EXPECT_NE(souk.postmaster(), pid) << "a new postmaster";
  auto back = steady::now();
  std::this_thread::sleep_for(2000ms);
  load.finish();
  auto orders = load.orders();
  auto after = std::count_if(orders.begin(), orders.end(),
                             [&](auto& o) { return o.at > back; });
  std::cout << "cluster back after " << back_ms << " ms; " << orders.size()
            << " orders (" << after << " after); answers "
            << describe(load.statuses()) << "; slowest " << load.slowest_ms()
            << " ms; broken connections " << load.broken_connections() << "\n";
  EXPECT_TRUE(saw_down) << "/health/ready never said the database was gone";
  EXPECT_LT(back_ms, 15000);
  EXPECT_GT(after, 0) << "no checkout succeeded after the restart";
  EXPECT_LT(load.slowest_ms(), 10000) << "a request hung";
  EXPECT_EQ(load.broken_connections(), 0);
  expect_only_503s(load, souk);
  expect_all_orders_stored(souk, orders);
  EXPECT_FALSE(souk.proc->wait(0ms)) << "souk exited";
}

TEST(DatabaseFaults,
     AStoppedDatabaseIsA503AtOnceAndServesWithinTwoSecondsOfReturning) {
  auto& cluster = test::test_cluster::instance();
  test::souk_data_dir dir{"pgstop"};
  // The test cluster's conninfo as the URL souk takes.
  auto conninfo = cluster.fresh_database();
  std::smatch m;
  ASSERT_TRUE(
    std::regex_search(conninfo, m, std::regex{"host=(\\S+) .*dbname=(\\S+)"}));
  souk_server souk{dir.path,
                   0,
                   {"--database-url", "postgresql://souk@/" + m[2].str()
                                        + "?host=" + m[1].str()}};
  shoppers load{souk.port, souk.demo, 8};
  std::this_thread::sleep_for(1500ms);
  ASSERT_GT(load.orders().size(), 0u) << describe(load.statuses());
  auto stopped = cluster.pg().stop(embedded_postgres::stop_mode::fast);
  ASSERT_TRUE(stopped) << stopped.error();
  // While it is down: a write is refused at once, in Medusa's envelope,
  // and readiness says why; liveness stays up.
  std::this_thread::sleep_for(300ms);
  {
    test::shop_client probe{souk.port, souk.demo.publishable_key};
    for (int i = 0; i < 5; ++i) {
      auto began = steady::now();
      auto [status, body] = probe.call(verb::post, "/store/carts", "{}");
      EXPECT_EQ(status, http::status::service_unavailable);
      EXPECT_LT(ms_since(began), 2000) << "a write waited for the database";
      EXPECT_FALSE(test::text(body["type"]).empty()) << probe.last.body();
      EXPECT_FALSE(test::text(body["message"]).empty()) << probe.last.body();
    }
    EXPECT_EQ(probe.call(verb::get, "/health").first, http::status::ok);
  }
  EXPECT_EQ(souk.ready(), http::status::service_unavailable);
  std::this_thread::sleep_for(1000ms);
  auto started = cluster.pg().restart_stopped();
  ASSERT_TRUE(started) << started.error();
  auto up = steady::now();
  long serving_ms = -1;
  test::shop_client probe{souk.port, souk.demo.publishable_key};
  while (ms_since(up) < 30000) {
    if (probe.call(verb::post, "/store/carts", "{}").first
        == http::status::ok) {
      serving_ms = ms_since(up);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(serving_ms, 0) << "souk never served again";
  std::this_thread::sleep_for(1500ms);
  load.finish();
  auto orders = load.orders();
  auto after = std::count_if(orders.begin(), orders.end(),
                             [&](auto& o) { return o.at > up; });
  std::cout << "serving " << serving_ms << " ms after PostgreSQL returned; "
            << orders.size() << " orders (" << after << " after); answers "
            << describe(load.statuses()) << "; slowest " << load.slowest_ms()
            << " ms\n";
  EXPECT_LT(serving_ms, 2000);
  EXPECT_EQ(souk.ready(), http::status::ok);
  EXPECT_GT(after, 0) << "no checkout succeeded after PostgreSQL returned";
  EXPECT_LT(load.slowest_ms(), 10000) << "a request hung";
  EXPECT_EQ(load.broken_connections(), 0);
  expect_only_503s(load, souk);
  expect_all_orders_stored(souk, orders);
}

// The database turned read-only under load (what a failover to a standby,
// or an operator, does): writes are 503s naming the cause, reads go on,
// and writes resume the moment it is writable again.
TEST(DatabaseFaults, AReadOnlyDatabaseIsA503ForWritesAndRecoversWhenCleared) {
  auto& cluster = test::test_cluster::instance();
  test::souk_data_dir dir{"readonly"};
  auto conninfo = cluster.fresh_database();
  std::smatch m;
  ASSERT_TRUE(
    std::regex_search(conninfo, m, std::regex{"host=(\\S+) .*dbname=(\\S+)"}));
  souk_server souk{dir.path,
                   0,
                   {"--database-url", "postgresql://souk@/" + m[2].str()
                                        + "?host=" + m[1].str()}};
  auto set_read_only = [&](bool on) {
    pqxx::connection c{conninfo};
    pqxx::nontransaction tx{c};
    tx.exec0("SET default_transaction_read_only = off");
    tx.exec0(on ? "ALTER SYSTEM SET default_transaction_read_only = on"
                : "ALTER SYSTEM RESET default_transaction_read_only");
    tx.exec("SELECT pg_reload_conf()");
  };
  struct reset_at_end {
    std::function<void()> f;
    ~reset_at_end() { f(); }
  } reset{[&] { set_read_only(false); }};
  shoppers load{souk.port, souk.demo, 8};
  std::this_thread::sleep_for(1500ms);
  ASSERT_GT(load.orders().size(), 0u) << describe(load.statuses());
  set_read_only(true);
  std::this_thread::sleep_for(500ms);
  test::shop_client probe{souk.port, souk.demo.publishable_key};
  for (int i = 0; i < 3; ++i) {
    auto began = steady::now();
    auto [status, body] = probe.call(verb::post, "/store/carts", "{}");
    EXPECT_EQ(status, http::status::service_unavailable) << probe.last.body();
    EXPECT_LT(ms_since(began), 2000);
    EXPECT_NE(probe.last.body().find("refuses writes"), std::string::npos)
      << probe.last.body();
  }
  EXPECT_EQ(probe.call(verb::get, "/store/products").first, http::status::ok)
    << "reads go on";
  std::this_thread::sleep_for(1000ms);
  auto during = load.orders().size();
  set_read_only(false);
  auto cleared = steady::now();
  long serving_ms = -1;
  while (ms_since(cleared) < 30000) {
    if (probe.call(verb::post, "/store/carts", "{}").first
        == http::status::ok) {
      serving_ms = ms_since(cleared);
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(1500ms);
  load.finish();
  auto orders = load.orders();
  std::cout << "writable again after " << serving_ms << " ms; " << orders.size()
            << " orders (" << orders.size() - during << " after); answers "
            << describe(load.statuses()) << "\n";
  EXPECT_GE(serving_ms, 0) << "writes never resumed";
  EXPECT_LT(serving_ms, 2000);
  EXPECT_GT(orders.size(), during) << "no checkout after it was cleared";
  EXPECT_LT(load.slowest_ms(), 10000) << "a request hung";
  expect_only_503s(load, souk);
  expect_all_orders_stored(souk, orders);
}

} // namespace
} // namespace souk
