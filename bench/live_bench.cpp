// bench/live: live-update latency to N connected admin clients, beside a
// minimal Beast WebSocket broadcast to the same N clients, in one run.
//
// For each N (default 1,000 and 10,000):
//  (a) souk: a real server_app on a throw-away embedded cluster; N admin
//      sockets (a separate client process: this binary with --clients)
//      subscribed to one ticket; M moves of it over REST, one at a time.
//      Latency: from just before the POST to each client's receipt of the
//      push, p50/p99/max over all N x M receipts. Memory: the server's
//      RSS with the N sockets open and subscribed, minus before, per
//      socket.
//  (b) the floor: a minimal Beast WebSocket server (2 I/O threads, as
//      souk's default) that writes one shared buffer of the push's size to
//      every socket; from the broadcast call to each receipt.
// Clients and server share the machine's 2 cores; steady_clock is the same
// clock in both processes (CLOCK_MONOTONIC).
//
// Usage: live_bench [N ...]        (default: 1000 10000)
//        live_bench --clients <port> <n> <messages> <token|-> <topic|->
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <list>
#include <sstream>
#include <thread>

#include <boost/beast/websocket.hpp>

#include "bench/bench_support.hpp"
#include "http/modules/modules.hpp"
#include "http/server_app.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/shop_client.hpp"

using namespace souk;
namespace websocket = beast::websocket;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           clock_type::now().time_since_epoch())
    .count();
}

std::size_t rss_bytes() {
  std::ifstream in{"/proc/self/statm"};
  std::size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// -- the client process --

// One socket: connects, upgrades (with the token), subscribes, then
// records the arrival time of each message.
struct client : std::enable_shared_from_this<client> {
  client(net::io_context& ioc, std::vector<std::int64_t>& arrivals)
    : ws(net::make_strand(ioc)), arrivals(arrivals) {}

  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buf;
  std::vector<std::int64_t>& arrivals;
  std::string subscribe;
};

int run_clients(int argc, char** argv) {
  if (argc != 7)
    return 2;
  auto port = std::string{argv[2]};
  auto n = std::stoi(argv[3]);
  auto messages = std::stoi(argv[4]);
  std::string token = argv[5], topic = argv[6];
  net::io_context ioc{1};
  std::vector<std::vector<std::int64_t>> arrivals(static_cast<std::size_t>(n));
  std::vector<std::shared_ptr<client>> clients;
  std::atomic<int> ready{0}, failed{0}, done{0};
  std::size_t frame_size = 0;
  auto endpoint = tcp::endpoint{net::ip::make_address("127.0.0.1"),
                                static_cast<unsigned short>(std::stoi(port))};
  // Connect in waves, so the listen backlog is never the limit.
  std::function<void(int)> open = [&](int i) {
    if (i >= n)
      return;
    auto c = std::make_shared<client>(ioc, arrivals[static_cast<size_t>(i)]);
    clients.push_back(c);
    beast::get_lowest_layer(c->ws).async_connect(
      endpoint, [&, c, i](beast::error_code ec) {
        if (ec) {
          ++failed;
          return open(i + 64);
        }
        if (token != "-")
          c->ws.set_option(websocket::stream_base::decorator(
            [token](websocket::request_type& r) {
              r.set(http::field::authorization, "Bearer " + token);
            }));
        c->ws.async_handshake(
          "127.0.0.1:" + port, "/ws", [&, c, i](beast::error_code e) {
            if (e) {
              ++failed;
              return open(i + 64);
            }
            auto read = std::make_shared<std::function<void()>>();
            *read = [&, c, read] {
              c->ws.async_read(
                c->buf, [&, c, read](beast::error_code re, std::size_t bytes) {
                  if (re)
                    return;
                  auto t = now_ns();
                  auto text = beast::buffers_to_string(c->buf.data());
                  c->buf.consume(c->buf.size());
                  if (text.find("\"ready\"") != std::string::npos) {
                    c->subscribe
                      = R"({"type":"subscribe","topics":[")" + topic + "\"]}";
                    c->ws.async_write(net::buffer(c->subscribe),
                                      [c](beast::error_code, std::size_t) {});
                  } else if (text.find("\"subscribed\"") != std::string::npos) {
                    ++ready;
                  } else {
                    c->arrivals.push_back(t);
                    if (!frame_size)
                      frame_size = bytes;
                    if (c->arrivals.size() == std::size_t(messages))
                      ++done;
                  }
                  (*read)();
                });
            };
            (*read)();
            if (topic == "-")
              ++ready;
            open(i + 64);
          });
      });
  };
  for (int i = 0; i < 64 && i < n; ++i)
    open(i);
  std::thread io{[&] { ioc.run(); }};
  while (ready + failed < n)
    std::this_thread::sleep_for(10ms);
  std::cout << "ready " << ready << " failed " << failed << std::endl;
  auto deadline = clock_type::now() + std::chrono::seconds{60 + messages * 3};
  while (done < ready && clock_type::now() < deadline)
    std::this_thread::sleep_for(10ms);
  ioc.stop();
  io.join();
  std::ostringstream out;
  out << "size " << frame_size << "\n";
  for (int k = 0; k < messages; ++k) {
    out << "m " << k;
    for (auto& a : arrivals)
      out << " " << (std::size_t(k) < a.size() ? a[std::size_t(k)] : -1);
    out << "\n";
  }
  out << "end\n";
  std::cout << out.str() << std::flush;
  return 0;
}

// -- the floor: a minimal broadcast server --

class raw_broadcaster {
public:
  raw_broadcaster() : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    accept();
    for (int i = 0; i < 2; ++i)
      threads_.emplace_back([this] { ioc_.run(); });
  }

  ~raw_broadcaster() {
    ioc_.stop();
    for (auto& t : threads_)
      t.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void broadcast(std::shared_ptr<const std::string> msg) {
    std::lock_guard guard{mtx_};
    for (auto& s : sockets_)
      net::post(s->get_executor(), [s, msg] {
        s->text(true);
        s->async_write(net::buffer(*msg),
                       [s, msg](beast::error_code, std::size_t) {});
      });
  }

private:
  using ws_t = websocket::stream<beast::tcp_stream>;

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [this](beast::error_code ec, tcp::socket sock) {
                             if (ec)
                               return;
                             auto s = std::make_shared<ws_t>(std::move(sock));
                             s->async_accept([this, s](beast::error_code e) {
                               if (e)
                                 return;
                               std::lock_guard guard{mtx_};
                               sockets_.push_back(s);
                             });
                             accept();
                           });
  }

  net::io_context ioc_{2};
  tcp::acceptor acceptor_;
  std::mutex mtx_;
  std::vector<std::shared_ptr<ws_t>> sockets_;
  std::vector<std::thread> threads_;
};

// -- the orchestrator --

struct latency {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t received = 0, expected = 0, frame = 0;
};

// Runs the client process against `port`, calls `fire(k)` for each of
// `messages` (returning its start time) and pools the latencies.
latency measure(const char* self, unsigned short port, int n, int messages,
                const std::string& token, const std::string& topic,
                const std::function<std::int64_t(int)>& fire,
                const std::function<void()>& when_ready = {}) {
  test::child_process clients{{self, "--clients", std::to_string(port),
                               std::to_string(n), std::to_string(messages),
                               token, topic}};
  if (!clients.wait_for_output("ready ", std::chrono::seconds{300}))
    throw std::runtime_error("clients did not connect: " + clients.output());
  std::this_thread::sleep_for(500ms);
  if (when_ready)
    when_ready();
  auto gap = std::chrono::milliseconds{std::max(300, n / 20)};
  std::vector<std::int64_t> t0;
  for (int k = 0; k < messages; ++k) {
    t0.push_back(fire(k));
    std::this_thread::sleep_for(gap);
  }
  if (!clients.wait_for_output("end\n", std::chrono::seconds{120}))
    throw std::runtime_error("clients did not finish");
  std::istringstream in{clients.output()};
  std::string word;
  latency out;
  std::vector<double> ms;
  while (in >> word) {
    if (word == "size")
      in >> out.frame;
    if (word != "m")
      continue;
    int k = 0;
    in >> k;
    for (int i = 0; i < n; ++i) {
      std::int64_t t = 0;
      in >> t;
      ++out.expected;
      if (t > 0) {
        ms.push_back(double(t - t0[std::size_t(k)]) / 1e6);
        ++out.received;
      }
    }
  }
  out.p50 = bench::percentile(ms, 0.50);
  out.p99 = bench::percentile(ms, 0.99);
  out.max = ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string{argv[1]} == "--clients")
    return run_clients(argc, argv);
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i)
    sizes.push_back(std::stoi(argv[i]));
  if (sizes.empty())
    sizes = {1000, 10000};
  constexpr int messages = 20;
  std::printf("load before: %s\n", bench::loadavg().c_str());
  bench::bench_cluster cluster;
  config cfg;
  cfg.http.port = 0;
  cfg.http.max_connections = 20000;
  cfg.live.per_viewer = 20000; // every client is the one admin
  cfg.log_level = "warn";
  auto app = server_app::start(cfg, cluster.conninfo(), souk_modules());
  if (!app) {
    std::fprintf(stderr, "%s\n", app.error().c_str());
    return 1;
  }
  auto demo = (*app)->seed_demo();
  for (auto& v : demo->products[0].second)
    (void)(*app)->set_stock(v, 100000000);
  auto port = (*app)->port();
  test::shop_client admin{port, demo->publishable_key};
  admin.sign_in("user", demo->admin_email, demo->admin_password);
  test::shop_client customer{port, demo->publishable_key};
  customer.become_customer("bench@example.com");
  auto order = customer.place_order({demo->products[0].second[0]},
                                    demo->shipping_option_id);
  std::string ticket;
  for (int i = 0; i < 500 && ticket.empty(); ++i) {
    auto [s, b]
      = admin.call(http::verb::get, "/admin/tickets?order_id=" + order);
    if (s == http::status::ok && b["count"].get_int64().value_unsafe() == 1)
      ticket = test::text(b["tickets"].at(0)["id"]);
    else
      std::this_thread::sleep_for(20ms);
  }
  std::printf("| N | souk p50 / p99 / max (ms) | raw broadcast p50 / p99 / "
              "max (ms) | p99 ratio | the move's POST p50 / max (ms) | "
              "received | frame | RSS per socket |\n"
              "|---|---|---|---|---|---|---|---|\n");
  for (int n : sizes) {
    auto before = rss_bytes();
    std::size_t per_socket = 0;
    std::vector<double> rest_ms; // the POST alone: until its 200
    auto souk = measure(
      argv[0], port, n, messages, admin.token, "tickets:" + ticket,
      [&](int k) {
        auto t = now_ns();
        auto body
          = k % 2 == 0
              ? std::string{R"({"status":"designing_artwork"})"}
              : std::string{R"({"status":"brief_received","reason":"bench"})"};
        admin.call(http::verb::post, "/admin/tickets/" + ticket + "/status",
                   body);
        rest_ms.push_back(double(now_ns() - t) / 1e6);
        return t;
      },
      [&] { per_socket = (rss_bytes() - before) / std::size_t(n); });
    raw_broadcaster raw;
    auto payload
      = std::make_shared<const std::string>(std::string(souk.frame, 'x'));
    auto floor = measure(argv[0], raw.port(), n, messages, "-", "-", [&](int) {
      auto t = now_ns();
      raw.broadcast(payload);
      return t;
    });
    auto rest_max = *std::max_element(rest_ms.begin(), rest_ms.end());
    std::printf("| %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.2f | "
                "%.1f / %.1f | %zu/%zu | %zu B | %.1f KiB |\n",
                n, souk.p50, souk.p99, souk.max, floor.p50, floor.p99,
                floor.max, floor.p99 > 0 ? souk.p99 / floor.p99 : 0,
                bench::percentile(rest_ms, 0.5), rest_max, souk.received,
                souk.expected, souk.frame, double(per_socket) / 1024);
    std::fflush(stdout);
  }
  std::printf("load after: %s\n", bench::loadavg().c_str());
  return 0;
}
