#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "tests/support/child_process.hpp"
#include "tests/support/shop_client.hpp"

namespace souk::test {

using steady = std::chrono::steady_clock;

/// Milliseconds since `t`.
long ms_since(steady::time_point t);

/// A data directory for `souk serve` (/tmp/souk-test-<name>-XXXXXX, so the
/// reaper finds a cluster left in it), removed with everything in it.
struct souk_data_dir {
  explicit souk_data_dir(const std::string& name);
  ~souk_data_dir();
  souk_data_dir(const souk_data_dir&) = delete;
  souk_data_dir& operator=(const souk_data_dir&) = delete;
  std::filesystem::path path;
};

/// The demo store as `souk serve --demo` wrote it into demo.json.
struct demo_info {
  std::string publishable_key, shipping_option, admin_email, admin_password;
  std::vector<std::string> variants;
};

/// `souk serve --demo` as a real child process on `dir` (and `port`, 0 for
/// any), with `extra` options; started by the constructor (throws when it
/// does not come up), stopped with SIGTERM by the destructor unless it is
/// gone already.
struct souk_server {
  souk_server(const std::filesystem::path& dir, std::uint16_t port = 0,
              std::vector<std::string> extra = {});
  ~souk_server();

  /// The embedded postmaster's pid (first line of pg/postmaster.pid; 0).
  pid_t postmaster() const;
  /// GET /health/ready's status (`unknown` when there is no answer).
  http::status ready();
  /// An admin signed in.
  std::unique_ptr<shop_client> admin();

  std::filesystem::path dir;
  std::unique_ptr<child_process> proc;
  std::uint16_t port = 0;
  demo_info demo;
};

/// Guest shoppers checking out one item (with an e-mail) at a time until
/// told to stop, at most `max_flows` each. A flow whose step fails is
/// dropped and a new cart begun, as a storefront would. Every answer's
/// status, the slowest answer and the connections that broke are kept.
class shoppers {
public:
  shoppers(std::uint16_t port, const demo_info& demo, int count,
           int max_flows = 400);
  ~shoppers();
  /// Stops and joins the shoppers.
  void finish();

  struct placed {
    std::string order_id;
    steady::time_point at;
  };
  std::vector<placed> orders();
  std::map<int, int> statuses();
  /// The first few 5xx answers other than 503: what was asked, and the body.
  std::vector<std::string> failures();
  long slowest_ms() const { return slowest_.load(); }
  int broken_connections() const { return broken_.load(); }

private:
  bool step(shop_client& c, http::verb v, const std::string& target,
            const std::string& body, simdjson::dom::element* out = nullptr);
  void flow(int shopper, int k);

  std::uint16_t port_;
  demo_info demo_;
  std::atomic<bool> stop_{false};
  std::mutex mtx_;
  std::vector<placed> orders_;
  std::map<int, int> statuses_;
  std::vector<std::string> failures_;
  std::atomic<long> slowest_{0};
  std::atomic<int> broken_{0};
  std::vector<std::thread> threads_;
};

/// "200x12 503x3 " for a status histogram.
std::string describe(const std::map<int, int>& statuses);

} // namespace souk::test
