#include "http/http_server.hpp"

#include <gtest/gtest.h>

#include "http/routes.hpp"
#include "tests/support/http_client.hpp"

namespace souk {
namespace {

class HttpServer : public ::testing::Test {
protected:
  HttpServer() : server({"127.0.0.1", 0, 2, {}}, health_only()) {
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

} // namespace
} // namespace souk
