// bench/storefront: the store API over real HTTP on loopback, in one run.
//
//  (a) the full storefront checkout (create cart, add item, shipping method,
//      payment collection, payment session, complete) at 1, 8, 32 and 64
//      concurrent shoppers: orders/s, p50/p99 of the flow and of `complete`
//  (b) GET /store/products: req/s and p99, beside a minimal Beast server on
//      the same stack answering "hello" (the ceiling), same connections
//  (c) resident memory of `souk serve` at idle with the demo store
//
// Every order is durably committed (fsync on). The load generator runs in
// this process on the same two cores as the server.
//
// Usage: storefront_bench [seconds per phase, default 5] [souk binary]
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include <simdjson.h>

#include "bench/bench_support.hpp"
#include "http/http_server.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server_app.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"

using namespace souk;
using clock_type = std::chrono::steady_clock;
using http::verb;

namespace {

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0)
    .count();
}

struct flow_result {
  double orders_per_s = 0;
  double flow_p50 = 0, flow_p99 = 0, complete_p50 = 0, complete_p99 = 0;
  long failed = 0;
};

// One shopper's checkout on its own keep-alive connection.
bool checkout(test::http_client& c, const demo_store& demo,
              const std::string& variant, double& complete_ms) {
  simdjson::dom::parser parser;
  auto post = [&](const std::string& target, std::string body) {
    return c.request(verb::post, target, std::move(body));
  };
  auto created = post("/store/carts", "{}");
  if (created.result() != http::status::ok)
    return false;
  simdjson::dom::element doc;
  if (parser.parse(created.body()).get(doc))
    return false;
  std::string cart{std::string_view(doc["cart"]["id"])};
  post("/store/carts/" + cart + "/line-items",
       R"({"variant_id":")" + variant + R"(","quantity":1})");
  post("/store/carts/" + cart + "/shipping-methods",
       R"({"option_id":")" + demo.shipping_option_id + R"("})");
  auto col
    = post("/store/payment-collections", R"({"cart_id":")" + cart + R"("})");
  if (parser.parse(col.body()).get(doc))
    return false;
  std::string pay{std::string_view(doc["payment_collection"]["id"])};
  post("/store/payment-collections/" + pay + "/payment-sessions",
       R"({"provider_id":"pp_system_default"})");
  auto t0 = clock_type::now();
  auto done = post("/store/carts/" + cart + "/complete", "");
  complete_ms = ms_since(t0);
  return done.result() == http::status::ok;
}

flow_result checkout_phase(std::uint16_t port, const demo_store& demo,
                           int shoppers, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> orders{0}, failed{0};
  std::mutex mtx;
  std::vector<double> flows, completes;
  std::vector<std::thread> pool;
  auto start = clock_type::now();
  for (int s = 0; s < shoppers; ++s)
    pool.emplace_back([&, s] {
      test::http_client c{"127.0.0.1", port};
      c.set_header("x-publishable-api-key", demo.publishable_key);
      auto& variants
        = demo.products[static_cast<size_t>(s) % demo.products.size()].second;
      std::vector<double> my_flows, my_completes;
      while (!stop) {
        auto t0 = clock_type::now();
        double complete_ms = 0;
        if (checkout(c, demo, variants[0], complete_ms)) {
          ++orders;
          my_flows.push_back(ms_since(t0));
          my_completes.push_back(complete_ms);
        } else {
          ++failed;
        }
      }
      std::lock_guard guard{mtx};
      flows.insert(flows.end(), my_flows.begin(), my_flows.end());
      completes.insert(completes.end(), my_completes.begin(),
                       my_completes.end());
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  auto elapsed = ms_since(start) / 1000;
  return {double(orders) / elapsed,           bench::percentile(flows, 0.5),
          bench::percentile(flows, 0.99),     bench::percentile(completes, 0.5),
          bench::percentile(completes, 0.99), failed.load()};
}

struct get_result {
  double per_s = 0, p50 = 0, p99 = 0;
};

get_result get_phase(std::uint16_t port, const std::string& target,
                     const std::string& key, int connections, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> count{0};
  std::mutex mtx;
  std::vector<double> lat;
  std::vector<std::thread> pool;
  auto start = clock_type::now();
  for (int i = 0; i < connections; ++i)
    pool.emplace_back([&] {
      test::http_client c{"127.0.0.1", port};
      if (!key.empty())
        c.set_header("x-publishable-api-key", key);
      std::vector<double> mine;
      while (!stop) {
        auto t0 = clock_type::now();
        auto res = c.request(verb::get, target);
        mine.push_back(ms_since(t0));
        if (res.result() == http::status::ok)
          ++count;
      }
      std::lock_guard guard{mtx};
      lat.insert(lat.end(), mine.begin(), mine.end());
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  return {double(count) / (ms_since(start) / 1000), bench::percentile(lat, 0.5),
          bench::percentile(lat, 0.99)};
}

// Resident memory of `souk serve` on a fresh data directory, idle after
// the demo seed (kB), or 0 when it could not be measured.
long idle_rss_kb(const std::string& souk) {
  char tmpl[] = "/tmp/souk-bench-rss-XXXXXX";
  if (!mkdtemp(tmpl))
    return 0;
  chmod(tmpl, 0755);
  std::string dir = tmpl;
  long kb = 0;
  {
    test::child_process p{
      {souk, "serve", "--demo", "--port", "0", "--data-dir", dir}};
    if (p.wait_for_output("souk is serving", std::chrono::seconds{120})) {
      std::this_thread::sleep_for(std::chrono::seconds{2});
      std::ifstream status{"/proc/" + std::to_string(p.pid()) + "/status"};
      for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0)
          kb = std::stol(line.substr(6));
    }
    p.signal(SIGTERM);
    p.wait(std::chrono::seconds{30});
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return kb;
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  std::string souk_binary = argc > 2 ? argv[2] : "";
  std::printf("load average before: %s\n\n", bench::loadavg().c_str());
  bench::bench_cluster cluster;
  config cfg;
  cfg.http.port = 0;
  cfg.http.threads = 2;
  auto app = server_app::start(cfg, cluster.conninfo());
  if (!app) {
    std::fprintf(stderr, "%s\n", app.error().c_str());
    return 1;
  }
  auto demo = (*app)->seed_demo();
  if (!demo) {
    std::fprintf(stderr, "%s\n", demo.error().c_str());
    return 1;
  }
  for (auto& [product, variants] : demo->products)
    for (auto& v : variants)
      (*app)->set_stock(v, 100000000);
  auto port = (*app)->port();

  std::printf(
    "### (a) storefront checkout, 6 requests per order\n\n"
    "| shoppers | orders/s | flow p50 ms | flow p99 ms | complete p50 "
    "ms | complete p99 ms | failed |\n|---:|---:|---:|---:|---:|---:|---:|\n");
  // SOUK_BENCH_SHOPPERS=32 runs one level (for profiling).
  std::vector<int> levels{1, 8, 32, 64};
  if (auto only = std::getenv("SOUK_BENCH_SHOPPERS"))
    levels = {std::atoi(only)};
  for (int shoppers : levels) {
    auto r = checkout_phase(port, *demo, shoppers, seconds);
    std::printf("| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %ld |\n", shoppers,
                r.orders_per_s, r.flow_p50, r.flow_p99, r.complete_p50,
                r.complete_p99, r.failed);
    std::fflush(stdout);
  }

  // The ceiling: the same server stack with a handler that says hello.
  router hello_routes;
  hello_routes.add_sync(
    verb::get, "/hello", access::anyone(), "hello", [](request&) {
      return json_response(http::status::ok, R"({"hello":"world"})");
    });
  http_server hello{{"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
                    std::move(hello_routes)};
  std::printf("\n### (b) GET /store/products (3 products, region prices) vs "
              "hello, 32 connections\n\n| server | req/s | p50 ms | p99 ms |\n"
              "|---|---:|---:|---:|\n");
  auto products
    = get_phase(port, "/store/products?region_id=" + demo->region_id,
                demo->publishable_key, 32, seconds);
  auto ceiling = get_phase(hello.port(), "/hello", "", 32, seconds);
  std::printf(
    "| souk GET /store/products | %.0f | %.2f | %.2f |\n"
    "| minimal Beast server, same stack, hello | %.0f | %.2f | %.2f |\n"
    "\nproducts / hello = %.2f\n",
    products.per_s, products.p50, products.p99, ceiling.per_s, ceiling.p50,
    ceiling.p99, products.per_s / ceiling.per_s);
  app->reset();
  if (!souk_binary.empty())
    std::printf("\n### (c) `souk serve` idle after the demo seed: %ld kB "
                "resident\n",
                idle_rss_kb(souk_binary));
  std::printf("\nload average after: %s\n", bench::loadavg().c_str());
  return 0;
}
