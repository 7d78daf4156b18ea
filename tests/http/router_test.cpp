// The router on its own: patterns, middleware, request ids, failures.
#include "http/router.hpp"

#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "http/response.hpp"

namespace souk {
namespace {

http_response call(const router& r, http::verb method, std::string target,
                   std::map<std::string, std::string> headers = {}) {
  http_request req{method, target, 11};
  for (auto& [k, v] : headers)
    req.set(k, v);
  std::promise<http_response> answer;
  auto got = answer.get_future();
  r(std::move(req),
    [&answer](http_response res) { answer.set_value(std::move(res)); });
  return got.get();
}

router sample() {
  router r;
  r.add_sync(http::verb::get, "/store/products/:id", [](request& req) {
    return json_response(http::status::ok,
                         "{\"id\":\"" + req.param("id") + "\",\"q\":\""
                           + req.query_param("q").value_or("-") + "\"}");
  });
  r.add(http::verb::post, "/store/carts/:id/line-items",
        [](request_ptr req, responder respond) {
          // Answers later, from another thread, as an actor reply does.
          std::thread([req, respond] {
            respond(json_response(http::status::ok,
                                  "{\"cart\":\"" + req->param("id") + "\"}"));
          }).detach();
        });
  r.add_sync(http::verb::get, "/admin/boom", [](request&) -> http_response {
    throw std::runtime_error("SELECT secret FROM users");
  });
  r.use("/admin", [](request& req) -> std::optional<http_response> {
    if (req.header("authorization").empty())
      return error_response(http::status::unauthorized, "unauthorized",
                            "Unauthorized");
    return std::nullopt;
  });
  return r;
}

TEST(Router, PathParametersAndDecodedQueryReachTheHandler) {
  auto res = call(sample(), http::verb::get,
                  "/store/products/prod_1?q=pizza%20box&x=1");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), R"({"id":"prod_1","q":"pizza box"})");
}

TEST(Router, AHandlerMayAnswerLaterFromAnotherThread) {
  auto res = call(sample(), http::verb::post, "/store/carts/cart_9/line-items");
  EXPECT_EQ(res.body(), R"({"cart":"cart_9"})");
}

TEST(Router, EveryResponseCarriesAFreshRequestId) {
  auto r = sample();
  auto a = call(r, http::verb::get, "/store/products/p");
  auto b = call(r, http::verb::get, "/nowhere");
  auto ida = std::string{to_std(a["x-request-id"])};
  auto idb = std::string{to_std(b["x-request-id"])};
  EXPECT_EQ(ida.rfind("req_", 0), 0u);
  EXPECT_EQ(idb.rfind("req_", 0), 0u);
  EXPECT_NE(ida, idb);
}

TEST(Router, MiddlewareOfAPrefixRunsFirstAndMayStopTheRequest) {
  auto r = sample();
  auto denied = call(r, http::verb::get, "/admin/boom");
  EXPECT_EQ(denied.result(), http::status::unauthorized);
  // "/administrator" is not under "/admin".
  EXPECT_EQ(call(r, http::verb::get, "/administrator").result(),
            http::status::not_found);
}

TEST(Router, AThrowingHandlerIs500NamingOnlyTheRequestId) {
  auto res = call(sample(), http::verb::get, "/admin/boom",
                  {{"authorization", "Bearer x"}});
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  auto id = std::string{to_std(res["x-request-id"])};
  EXPECT_NE(res.body().find(id), std::string::npos) << res.body();
  EXPECT_EQ(res.body().find("SELECT"), std::string::npos) << "no internals";
  EXPECT_NE(res.body().find(R"("type":"unknown_error")"), std::string::npos);
}

TEST(Router, AllowedOriginsGetCorsHeadersAndPreflightsOthersDoNot) {
  auto r = sample();
  r.allow_origins({"https://shop.example"});
  auto pre = call(r, http::verb::options, "/store/products/p",
                  {{"origin", "https://shop.example"}});
  EXPECT_EQ(pre.result(), http::status::no_content);
  EXPECT_EQ(to_std(pre[http::field::access_control_allow_origin]),
            "https://shop.example");
  EXPECT_NE(to_std(pre[http::field::access_control_allow_headers])
              .find("x-publishable-api-key"),
            std::string_view::npos);
  auto get = call(r, http::verb::get, "/store/products/p",
                  {{"origin", "https://shop.example"}});
  EXPECT_EQ(to_std(get[http::field::access_control_allow_origin]),
            "https://shop.example");
  auto evil = call(r, http::verb::get, "/store/products/p",
                   {{"origin", "https://evil.example"}});
  EXPECT_TRUE(to_std(evil[http::field::access_control_allow_origin]).empty());
  EXPECT_EQ(call(r, http::verb::options, "/store/products/p",
                 {{"origin", "https://evil.example"}})
              .result(),
            http::status::method_not_allowed);
}

TEST(Router, UnknownPathsAre404AndOtherMethods405) {
  auto r = sample();
  EXPECT_EQ(call(r, http::verb::get, "/store/products").result(),
            http::status::not_found);
  EXPECT_EQ(call(r, http::verb::delete_, "/store/products/p").result(),
            http::status::method_not_allowed);
}

} // namespace
} // namespace souk
