#include "tests/support/souk_process.hpp"

#include <csignal>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <sys/stat.h>

#include "persistence/embedded_postgres.hpp"

namespace souk::test {

using http::verb;
using namespace std::chrono_literals;

long ms_since(steady::time_point t) {
  return static_cast<long>(
    std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - t)
      .count());
}

souk_data_dir::souk_data_dir(const std::string& name) {
  auto tmpl = "/tmp/souk-test-" + name + "-XXXXXX";
  if (!::mkdtemp(tmpl.data()))
    throw std::runtime_error{"mkdtemp failed"};
  ::chmod(tmpl.c_str(), 0755); // the cluster's user must reach pg/
  path = tmpl;
}

souk_data_dir::~souk_data_dir() {
  // A cluster still running in it (souk was killed) is stopped first.
  auto pg = path / "pg";
  if (std::filesystem::exists(pg / "postmaster.pid")) {
    auto cmd = find_postgres_bin_dir() + "/pg_ctl stop -m immediate -D '"
               + pg.string() + "' >/dev/null 2>&1";
    if (::geteuid() == 0)
      cmd = "runuser -u postgres -- " + cmd;
    [[maybe_unused]] auto rc = std::system(cmd.c_str());
  }
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

souk_server::souk_server(const std::filesystem::path& data_dir,
                         std::uint16_t at, std::vector<std::string> extra)
  : dir(data_dir) {
  std::vector<std::string> argv{
    SOUK_BINARY,        "serve",      "--demo",    "--port",
    std::to_string(at), "--data-dir", dir.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  proc = std::make_unique<child_process>(argv);
  if (!proc->wait_for_output("Press Ctrl-C", 90s))
    throw std::runtime_error{"souk did not start: " + proc->output()};
  std::smatch m;
  auto out = proc->output();
  if (!std::regex_search(out, m, std::regex{"serving http://\\w+:(\\d+)"}))
    throw std::runtime_error{"no port in: " + out};
  port = static_cast<std::uint16_t>(std::stoi(m[1]));
  std::ifstream in{dir / "demo.json"};
  std::string json{std::istreambuf_iterator<char>{in}, {}};
  simdjson::dom::parser parser;
  auto doc = parser.parse(json).value();
  demo.publishable_key = text(doc["publishable_key"]);
  demo.shipping_option = text(doc["shipping_option_id"]);
  demo.admin_email = text(doc["admin_email"]);
  demo.admin_password = text(doc["admin_password"]);
  for (auto product : doc["products"].get_array())
    for (auto v : product["variant_ids"].get_array())
      demo.variants.emplace_back(std::string_view(v));
}

souk_server::~souk_server() {
  if (!proc->wait(0ms)) {
    proc->signal(SIGTERM);
    proc->wait(60s);
  }
}

pid_t souk_server::postmaster() const {
  std::ifstream in{dir / "pg" / "postmaster.pid"};
  pid_t pid = 0;
  in >> pid;
  return pid;
}

http::status souk_server::ready() {
  try {
    http_client c{"127.0.0.1", port, 5s};
    return c.request(verb::get, "/health/ready").result();
  } catch (const std::exception&) {
    return http::status::unknown;
  }
}

std::unique_ptr<shop_client> souk_server::admin() {
  auto a = std::make_unique<shop_client>(port, demo.publishable_key);
  a->sign_in("user", demo.admin_email, demo.admin_password);
  if (a->token.empty())
    throw std::runtime_error{"admin sign-in failed: " + a->last.body()};
  return a;
}

shoppers::shoppers(std::uint16_t port, const demo_info& demo, int count,
                   int max_flows)
  : port_(port), demo_(demo) {
  for (int i = 0; i < count; ++i)
    threads_.emplace_back([this, i, max_flows] {
      for (int k = 0; k < max_flows && !stop_; ++k)
        flow(i, k);
    });
}

shoppers::~shoppers() {
  finish();
}

void shoppers::finish() {
  stop_ = true;
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
}

std::vector<shoppers::placed> shoppers::orders() {
  std::lock_guard guard{mtx_};
  return orders_;
}

std::map<int, int> shoppers::statuses() {
  std::lock_guard guard{mtx_};
  return statuses_;
}

std::vector<std::string> shoppers::failures() {
  std::lock_guard guard{mtx_};
  return failures_;
}

bool shoppers::step(shop_client& c, verb v, const std::string& target,
                    const std::string& body, simdjson::dom::element* out) {
  auto began = steady::now();
  auto [status, doc] = c.call(v, target, body);
  auto took = ms_since(began);
  for (auto seen = slowest_.load();
       took > seen && !slowest_.compare_exchange_weak(seen, took);)
    ;
  std::lock_guard guard{mtx_};
  ++statuses_[static_cast<int>(status)];
  if (static_cast<int>(status) >= 500
      && status != http::status::service_unavailable && failures_.size() < 5)
    failures_.push_back(std::to_string(static_cast<int>(status)) + " "
                        + std::string{http::to_string(v)} + " " + target + ": "
                        + c.last.body());
  if (out)
    *out = doc;
  return status == http::status::ok;
}

void shoppers::flow(int shopper, int k) {
  auto pause = [] { std::this_thread::sleep_for(50ms); };
  try {
    shop_client c{port_, demo_.publishable_key};
    simdjson::dom::element doc;
    auto email = "shopper-" + std::to_string(shopper) + "-" + std::to_string(k)
                 + "@example.com";
    if (!step(c, verb::post, "/store/carts", R"({"email":")" + email + R"("})",
              &doc))
      return pause();
    auto cart = text(doc["cart"]["id"]);
    auto& variant
      = demo_
          .variants[static_cast<size_t>(shopper + k) % demo_.variants.size()];
    if (!step(c, verb::post, "/store/carts/" + cart + "/line-items",
              R"({"variant_id":")" + variant + R"(","quantity":1})")
        || !step(c, verb::post, "/store/carts/" + cart + "/shipping-methods",
                 R"({"option_id":")" + demo_.shipping_option + R"("})")
        || !step(c, verb::post, "/store/payment-collections",
                 R"({"cart_id":")" + cart + R"("})", &doc))
      return pause();
    auto pay = text(doc["payment_collection"]["id"]);
    if (!step(c, verb::post,
              "/store/payment-collections/" + pay + "/payment-sessions",
              R"({"provider_id":"pp_system_default"})"))
      return pause();
    if (!step(c, verb::post, "/store/carts/" + cart + "/complete", "", &doc))
      return pause();
    auto order = text(doc["order"]["id"]);
    std::lock_guard guard{mtx_};
    orders_.push_back({order, steady::now()});
  } catch (const std::exception&) {
    ++broken_; // souk closed the connection or did not answer in time
    pause();
  }
}

std::string describe(const std::map<int, int>& statuses) {
  std::string out;
  for (auto& [code, n] : statuses)
    out += std::to_string(code) + "x" + std::to_string(n) + " ";
  return out;
}

} // namespace souk::test
