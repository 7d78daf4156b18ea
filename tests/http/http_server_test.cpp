#include "http/http_server.hpp"

#include <atomic>
#include <cstdio>
#include <future>
#include <optional>

#include <gtest/gtest.h>

#include "http/response.hpp"
#include "http/routes.hpp"
#include "tests/support/http_client.hpp"

namespace souk {
namespace {

class HttpServer : public ::testing::Test {
protected:
  HttpServer()
    : server({"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
             health_only()) {
    // nop
  }

  static router health_only() {
    router r;
    add_health_routes(r);
    return r;
  }

  http_server server;
};

TEST_F(HttpServer, HealthAnswersOkAsJson) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::get, "/health");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res.body(), R"({"status":"ok"})");
}

TEST_F(HttpServer, KeepAliveServesManyRequestsOnOneConnection) {
  test::http_client client{"127.0.0.1", server.port()};
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(
      client.request(http::verb::get, "/health?probe=" + std::to_string(i))
        .result(),
      http::status::ok);
}

TEST_F(HttpServer, UnknownRouteIs404InMedusasErrorEnvelope) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::get, "/store/nothing-here");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res.body(), R"({"type":"not_found","message":"Route GET )"
                        R"(/store/nothing-here not found"})");
}

TEST_F(HttpServer, WrongMethodOnAKnownRouteIs405) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::delete_, "/health");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_NE(res.body().find(R"("type":"not_allowed")"), std::string::npos);
}

TEST_F(HttpServer, BodyOverOneMebibyteIs413AndTheConnectionCloses) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::post, "/health",
                            std::string(1024 * 1024 + 1, 'x'));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_NE(res.body().find(R"("type":"payload_too_large")"),
            std::string::npos);
  EXPECT_TRUE(client.closed());
}

TEST_F(HttpServer, GarbageIs400AndNeverAnHtmlPage) {
  net::io_context ioc;
  tcp::socket sock{ioc};
  sock.connect({net::ip::make_address("127.0.0.1"), server.port()});
  net::write(sock, net::buffer(std::string{"NOT HTTP AT ALL\r\n\r\n"}));
  std::string reply;
  beast::error_code ec;
  char buf[512];
  for (std::size_t n; (n = sock.read_some(net::buffer(buf), ec)) > 0 && !ec;)
    reply.append(buf, n);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  EXPECT_NE(reply.find(R"("type":"invalid_data")"), std::string::npos);
}

TEST_F(HttpServer, HeadersOverTheLimitAre431) {
  test::http_client client{"127.0.0.1", server.port()};
  client.set_header("x-padding", std::string(17 * 1024, 'x'));
  auto res = client.request(http::verb::get, "/health");
  EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
  EXPECT_NE(res.body().find(R"("type":"invalid_data")"), std::string::npos);
}

// -- body limits per route --

constexpr std::size_t mib = 1024 * 1024;

// `n` bytes of every value, NUL and 0xff included.
std::string binary(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<char>((i * 7) & 0xff);
  return out;
}

// Writes `bytes` on a fresh connection and reads until the server closes
// it; a write the server cut short is not an error here.
std::string exchange(std::uint16_t port, const std::string& bytes) {
  net::io_context ioc;
  tcp::socket sock{ioc};
  sock.connect({net::ip::make_address("127.0.0.1"), port});
  beast::error_code ec;
  net::write(sock, net::buffer(bytes), ec);
  std::string reply;
  char buf[4096];
  for (std::size_t n; (n = sock.read_some(net::buffer(buf), ec)) > 0 && !ec;)
    reply.append(buf, n);
  return reply;
}

// A POST of `body` to `target` in chunks of `chunk` bytes.
std::string chunked_post(const std::string& target, const std::string& body,
                         std::size_t chunk) {
  std::string out = "POST " + target
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n";
  for (std::size_t i = 0; i < body.size(); i += chunk) {
    auto part = body.substr(i, chunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// A server whose router has `POST /upload` taking 4 MiB and `POST /small`
// the default; both answer with the size of the body they got and whether
// it arrived byte for byte.
class HttpServerBodyLimits : public ::testing::Test {
protected:
  HttpServerBodyLimits()
    : routes(uploads(calls)),
      server(
        {"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
        [r = routes](http_request&& req,
                     std::function<void(http_response)> respond) {
          (*r)(std::move(req), std::move(respond));
        },
        [r = routes](const http::request_header<>& header) {
          return r->body_limit(header.method(), to_std(header.target()));
        }) {
    // nop
  }

  static std::shared_ptr<const router> uploads(std::atomic<int>& calls) {
    auto size_of = [&calls](request& req) {
      ++calls;
      auto& body = req.raw.body();
      return json_response(
        http::status::ok,
        "{\"bytes\":" + std::to_string(body.size()) + ",\"intact\":"
          + (body == binary(body.size()) ? "true" : "false") + "}");
    };
    auto r = std::make_shared<router>();
    r->add_sync(http::verb::post, "/upload", access::anyone(),
                route_doc{"Upload"}.with_max_body(4 * mib), size_of);
    r->add_sync(http::verb::post, "/small", access::anyone(), "Small", size_of);
    return r;
  }

  std::atomic<int> calls{0};
  std::shared_ptr<const router> routes;
  http_server server;
};

TEST_F(HttpServerBodyLimits, ARouteOfFourMebibytesTakesThreeOfBinaryIntact) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::post, "/upload", binary(3 * mib));
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body(), R"({"bytes":3145728,"intact":true})");
  // The next request on the connection has its own route's limit.
  res = client.request(http::verb::post, "/small", std::string(2 * mib, 'x'));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
}

TEST_F(HttpServerBodyLimits, ARouteWithoutALimitRefusesTwoMebibytesWith413) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::post, "/small", binary(2 * mib));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(res.body(), R"({"type":"payload_too_large",)"
                        R"("message":"Request body is larger than 1 MiB"})");
  EXPECT_TRUE(client.closed());
  EXPECT_EQ(calls, 0);
}

TEST_F(HttpServerBodyLimits, ABodyOverItsRoutesLimitIs413NamingThatLimit) {
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::post, "/upload", binary(5 * mib));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(res.body(), R"({"type":"payload_too_large",)"
                        R"("message":"Request body is larger than 4 MiB"})");
  EXPECT_TRUE(client.closed());
  EXPECT_EQ(calls, 0);
}

// The client sends the header and a little of the 20 MiB it announces,
// then waits: the answer comes without the rest (were the server reading
// the body, it would wait for it and this read would see no answer).
TEST_F(HttpServerBodyLimits, AContentLengthOverTheLimitIs413BeforeTheBody) {
  auto reply = exchange(server.port(), "POST /upload HTTP/1.1\r\nHost: x\r\n"
                                       "Content-Length: 20971520\r\n\r\n"
                                         + binary(1024));
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("Request body is larger than 4 MiB"), std::string::npos)
    << reply;
  EXPECT_EQ(calls, 0);
}

TEST_F(HttpServerBodyLimits, AChunkedBodyIsHeldToItsRoutesLimit) {
  auto taken = exchange(server.port(),
                        chunked_post("/upload", binary(3 * mib), mib / 2));
  EXPECT_EQ(taken.rfind("HTTP/1.1 200", 0), 0u) << taken.substr(0, 200);
  EXPECT_NE(taken.find(R"({"bytes":3145728,"intact":true})"),
            std::string::npos);
  // Every chunk is under the limit; together they pass it.
  auto refused = exchange(server.port(),
                          chunked_post("/upload", binary(5 * mib), mib / 2));
  EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused.substr(0, 200);
  EXPECT_NE(refused.find("Request body is larger than 4 MiB"),
            std::string::npos);
  EXPECT_EQ(calls, 1);
}

// A client that sends part of a request and stalls is cut off after the
// read timeout; the server keeps serving others.
TEST(HttpServerLimits, ASlowClientIsCutOffAfterTheReadTimeout) {
  http_server server{
    {"127.0.0.1", 0, 2, {}, std::chrono::milliseconds{300}, {}},
    [](http_request&&, std::function<void(http_response)> r) {
      r(http_response{http::status::ok, 11});
    }};
  net::io_context ioc;
  tcp::socket slow{ioc};
  slow.connect({net::ip::make_address("127.0.0.1"), server.port()});
  net::write(slow, net::buffer(std::string{"GET /health HTTP/1.1\r\nHost: x"}));
  auto started = std::chrono::steady_clock::now();
  char byte;
  beast::error_code ec;
  slow.read_some(net::buffer(&byte, 1), ec); // blocks until the server closes
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(ec, net::error::eof);
  EXPECT_GE(waited, std::chrono::milliseconds{250});
  EXPECT_LT(waited, std::chrono::seconds{5});
  test::http_client other{"127.0.0.1", server.port()};
  EXPECT_EQ(other.request(http::verb::get, "/").result(), http::status::ok);
}

// A handler that answers after `delay`, from its own thread, like a route
// waiting on an actor; `calls` counts the requests it received.
request_handler answer_after(std::chrono::milliseconds delay,
                             std::atomic<int>& calls) {
  return [delay, &calls](http_request&&,
                         std::function<void(http_response)> respond) {
    ++calls;
    std::thread{[delay, respond] {
      std::this_thread::sleep_for(delay);
      http_response res{http::status::ok, 11};
      res.body() = "late answer";
      res.prepare_payload();
      respond(std::move(res));
    }}.detach();
  };
}

TEST(HttpServerShutdown, DrainAnswersTheRequestInFlightAndClosesIdleOnes) {
  std::atomic<int> calls{0};
  http_server server{{"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
                     answer_after(std::chrono::milliseconds{300}, calls)};
  test::http_client idle{"127.0.0.1", server.port()};
  ASSERT_EQ(idle.request(http::verb::get, "/").result(), http::status::ok);
  auto busy = std::async(std::launch::async, [&] {
    test::http_client c{"127.0.0.1", server.port()};
    auto res = c.request(http::verb::get, "/slow");
    return std::pair{res, c.closed()};
  });
  // The slow request is in flight (and the idle one's answer is written).
  while (calls < 2 || server.in_flight() != 1)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});

  auto left = server.drain(std::chrono::seconds{5});

  EXPECT_EQ(left, 0);
  auto [res, closed] = busy.get();
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "late answer");
  EXPECT_FALSE(res.keep_alive()); // told to go away
  EXPECT_TRUE(closed);
  EXPECT_TRUE(idle.closed()); // the idle keep-alive connection was closed
  // No new connections are taken.
  net::io_context ioc;
  tcp::socket sock{ioc};
  beast::error_code ec;
  sock.connect({net::ip::make_address("127.0.0.1"), server.port()}, ec);
  if (!ec) {
    char byte;
    sock.read_some(net::buffer(&byte, 1), ec);
  }
  EXPECT_TRUE(ec);
  server.stop();
}

TEST(HttpServerShutdown, DrainGivesUpOnARequestThatOverrunsTheGrace) {
  std::atomic<int> calls{0};
  std::optional<http_server> server;
  server.emplace(
    http_config{"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
    answer_after(std::chrono::seconds{3}, calls));
  auto port = server->port();
  auto busy = std::async(std::launch::async, [port] {
    try {
      test::http_client c{"127.0.0.1", port};
      return c.request(http::verb::get, "/slow").result_int();
    } catch (const std::exception&) {
      return 0u; // dropped: no answer
    }
  });
  while (server->in_flight() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  auto started = std::chrono::steady_clock::now();

  auto left = server->drain(std::chrono::milliseconds{200});
  // What souk does next: stop, and the server goes with the process.
  server.reset();

  EXPECT_EQ(left, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds{2});
  EXPECT_EQ(busy.get(), 0u) << "the dropped request's connection is closed";
}

// The answer comes after the read deadline of its connection: it is sent
// all the same (the write has a deadline of its own).
TEST(HttpServerLimits, AnAnswerLaterThanTheReadTimeoutIsStillWritten) {
  std::atomic<int> calls{0};
  http_config cfg{"127.0.0.1", 0, 2, {}, std::chrono::milliseconds{200}, {}};
  http_server server{cfg, answer_after(std::chrono::milliseconds{600}, calls)};
  test::http_client client{"127.0.0.1", server.port()};
  auto res = client.request(http::verb::get, "/slow");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "late answer");
  server.stop();
}

// Past the cap a new connection is closed at once; the open ones go on.
TEST(HttpServerLimits, ConnectionsPastTheCapAreClosedAtOnce) {
  http_config cfg{"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}};
  cfg.max_connections = 2;
  router r;
  add_health_routes(r);
  http_server server{cfg, std::move(r)};
  test::http_client a{"127.0.0.1", server.port()};
  test::http_client b{"127.0.0.1", server.port()};
  ASSERT_EQ(a.request(http::verb::get, "/health").result(), http::status::ok);
  ASSERT_EQ(b.request(http::verb::get, "/health").result(), http::status::ok);
  net::io_context ioc;
  tcp::socket third{ioc};
  third.connect({net::ip::make_address("127.0.0.1"), server.port()});
  std::string get = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  beast::error_code ec;
  net::write(third, net::buffer(get), ec);
  char byte;
  third.read_some(net::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec) << "the third connection was answered";
  EXPECT_EQ(a.request(http::verb::get, "/health").result(), http::status::ok);
  server.stop();
}

} // namespace
} // namespace souk
