// The router on its own: canonical paths, patterns, access rules through a
// gate, request ids, failures.
#include "http/field_selection.hpp"
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

// A gate for the tests: admin routes want "Bearer x"; store routes pass.
void test_gate(const access& rule, request_ptr req,
               std::function<void(std::optional<http_response>)> done) {
  if (rule.who == audience::admin && req->header("authorization") != "Bearer x")
    return done(error_response(http::status::unauthorized, "unauthorized",
                               "Unauthorized"));
  done(std::nullopt);
}

router sample() {
  router r;
  r.add_sync(http::verb::get, "/store/products/:id", access::store(), "a",
             [](request& req) {
               return json_response(
                 http::status::ok,
                 "{\"id\":\"" + req.param("id") + "\",\"q\":\""
                   + req.query_param("q").value_or("-") + "\"}");
             });
  r.add(http::verb::post, "/store/carts/:id/line-items", access::store(), "b",
        [](request_ptr req, responder respond) {
          // Answers later, from another thread, as an actor reply does.
          std::thread([req, respond] {
            respond(json_response(http::status::ok,
                                  "{\"cart\":\"" + req->param("id") + "\"}"));
          }).detach();
        });
  r.add_sync(http::verb::get, "/admin/boom", access::admin(), "c",
             [](request&) -> http_response {
               throw std::runtime_error("SELECT secret FROM users");
             });
  r.add_sync(http::verb::get, "/admin/orders", access::admin(), "d",
             [](request&) {
               return json_response(http::status::ok, R"({"orders":[]})");
             });
  r.add_sync(http::verb::get, "/health", access::anyone(), "e", [](request&) {
    return json_response(http::status::ok, R"({"status":"ok"})");
  });
  r.guard_with(test_gate);
  return r;
}

TEST(Router, PathParametersAndDecodedQueryReachTheHandler) {
  auto res = call(sample(), http::verb::get,
                  "/store/products/prod_1?q=pizza%20box&x=1");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), R"({"id":"prod_1","q":"pizza box"})");
}

// A literal segment wins over a parameter, whichever was declared first
// (a module's `/store/carts/mine` is not swallowed by `/store/carts/:id`).
TEST(Router, ALiteralSegmentWinsOverAParameterWhateverTheOrder) {
  router r;
  auto answer = [](std::string name) {
    return [name](request&) {
      return json_response(http::status::ok, "\"" + name + "\"");
    };
  };
  r.add_sync(http::verb::get, "/a/:id", access::anyone(), "p", answer("p"));
  r.add_sync(http::verb::get, "/a/:id/b", access::anyone(), "pb", answer("pb"));
  r.add_sync(http::verb::get, "/a/mine", access::anyone(), "l", answer("l"));
  r.add_sync(http::verb::get, "/a/mine/:x", access::anyone(), "lx",
             answer("lx"));
  EXPECT_EQ(call(r, http::verb::get, "/a/mine").body(), "\"l\"");
  EXPECT_EQ(call(r, http::verb::get, "/a/other").body(), "\"p\"");
  EXPECT_EQ(call(r, http::verb::get, "/a/mine/b").body(), "\"lx\"");
  EXPECT_EQ(call(r, http::verb::get, "/a/other/b").body(), "\"pb\"");
  // The table keeps the declared order (OpenAPI lists it so).
  EXPECT_EQ(r.routes().front().pattern, "/a/:id");
  EXPECT_THROW(r.add_sync(http::verb::get, "/a/:other", access::anyone(), "x",
                          answer("x")),
               std::logic_error);
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

TEST(Router, TheGateChecksARouteBeforeItsHandlerRuns) {
  auto r = sample();
  auto denied = call(r, http::verb::get, "/admin/boom");
  EXPECT_EQ(denied.result(), http::status::unauthorized);
  EXPECT_EQ(call(r, http::verb::get, "/administrator").result(),
            http::status::not_found);
  EXPECT_EQ(call(r, http::verb::get, "/health").result(), http::status::ok);
}

TEST(Router, WithoutAGateOnlyRoutesOpenToAnyoneAnswer) {
  router r;
  r.add_sync(http::verb::get, "/admin/orders", access::admin(), "d",
             [](request&) { return json_response(http::status::ok, "{}"); });
  r.add_sync(http::verb::get, "/health", access::anyone(), "e",
             [](request&) { return json_response(http::status::ok, "{}"); });
  EXPECT_EQ(call(r, http::verb::get, "/admin/orders").result(),
            http::status::unauthorized);
  EXPECT_EQ(call(r, http::verb::get, "/health").result(), http::status::ok);
}

// One path, one meaning: the forms that once slipped past the prefix
// checks are refused before routing, whatever their route's rule.
TEST(Router, NonCanonicalPathsNeverReachARoute) {
  auto r = sample();
  for (std::string path :
       {"//admin/orders", "/admin//orders", "/./admin/orders",
        "/admin/./orders", "/store/../admin/orders", "/admin/orders/",
        "/%2e/admin/orders", "/admin/%2E%2E/admin/orders", "///admin/orders"}) {
    auto res = call(r, http::verb::get, path);
    EXPECT_EQ(res.result(), http::status::not_found) << path;
    EXPECT_EQ(res.body().find("orders\":["), std::string::npos) << path;
  }
  for (std::string path :
       {"/admin%2Forders", "/admin%2forders", "/admin%5corders",
        "/admin/orders%00", "/admin/or%zzders", "/admin/orders%", "admin"}) {
    auto res = call(r, http::verb::get, path);
    EXPECT_EQ(res.result(), http::status::bad_request) << path;
  }
  // Case is part of the path: no route is /ADMIN/orders.
  EXPECT_EQ(call(r, http::verb::get, "/ADMIN/orders").result(),
            http::status::not_found);
  // An encoded letter is that letter: the admin route, with its rule.
  EXPECT_EQ(call(r, http::verb::get, "/%61dmin/orders").result(),
            http::status::unauthorized);
  EXPECT_EQ(
    call(r, http::verb::get, "/%61dmin/orders", {{"authorization", "Bearer x"}})
      .result(),
    http::status::ok);
}

TEST(Router, PathParametersMustBeIdsAndQueriesValidText) {
  auto r = sample();
  for (std::string path : std::vector<std::string>{
         "/store/products/%ff%fe", "/store/products/a%00b",
         "/store/products/a%20b", "/store/products/%22%3E",
         "/store/products/" + std::string(200, 'a')}) {
    auto res = call(r, http::verb::get, path);
    EXPECT_EQ(res.result(), http::status::bad_request) << path;
    EXPECT_NE(res.body().find("valid"), std::string::npos) << res.body();
  }
  EXPECT_EQ(
    call(r, http::verb::get, "/store/products/complete-cart:cart_01J.v2")
      .result(),
    http::status::ok);
  for (std::string query : std::vector<std::string>{
         "q=%ff", "q=a%00", "%ff=1", "q=%zz", "q=" + std::string(2000, 'a')})
    EXPECT_EQ(call(r, http::verb::get, "/store/products/p?" + query).result(),
              http::status::bad_request)
      << query;
  EXPECT_EQ(call(r, http::verb::get, "/store/products/p?q=K%C3%A4se").result(),
            http::status::ok);
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

// Upload routes with their own body limits next to routes without.
router with_uploads() {
  auto ok = [](request&) { return json_response(http::status::ok, "{}"); };
  router r;
  r.add_sync(http::verb::post, "/x", access::anyone(),
             route_doc{"Upload"}.with_max_body(4 * 1024 * 1024), ok);
  r.add_sync(http::verb::get, "/x", access::anyone(), "Read", ok);
  r.add_sync(http::verb::post, "/t/:id/files", access::anyone(),
             route_doc{"Attach", "", ""}.with_max_body(10 * 1024 * 1024), ok);
  r.add_sync(http::verb::post, "/t/mine/files", access::anyone(), "Mine", ok);
  return r;
}

TEST(Router, BodyLimitIsThatOfTheRouteARequestReaches) {
  auto r = with_uploads();
  EXPECT_EQ(r.body_limit(http::verb::post, "/x"), 4u * 1024 * 1024);
  EXPECT_EQ(r.body_limit(http::verb::post, "/x?a=1&b=2"), 4u * 1024 * 1024);
  // An encoded letter is that letter, as when dispatching.
  EXPECT_EQ(r.body_limit(http::verb::post, "/%78"), 4u * 1024 * 1024);
  EXPECT_EQ(call(r, http::verb::post, "/%78").result(), http::status::ok);
  EXPECT_EQ(r.body_limit(http::verb::post, "/t/t_1/files"), 10u * 1024 * 1024);
  // The literal route wins over the parameter, as when dispatching.
  EXPECT_EQ(r.body_limit(http::verb::post, "/t/mine/files"),
            default_body_limit);
  EXPECT_EQ(r.body_limit(http::verb::get, "/x"), default_body_limit);
  EXPECT_EQ(r.body_limit(http::verb::put, "/x"), default_body_limit);
  EXPECT_EQ(r.body_limit(http::verb::post, "/nowhere"), default_body_limit);
  EXPECT_EQ(default_body_limit, 1024u * 1024);
  // The route table says it too.
  EXPECT_EQ(r.routes().front().max_body, 4u * 1024 * 1024);
  EXPECT_EQ(r.routes().back().max_body, default_body_limit);
}

// What dispatching refuses before a route (non-canonical paths, bad
// escapes, bad queries, parameters that are not ids) gets no larger limit.
TEST(Router, BodyLimitOfARequestThatReachesNoRouteIsTheDefault) {
  auto r = with_uploads();
  for (std::string target :
       {"//x", "/./x", "/x/", "/x/.", "/t/../x", "///x", "/%2e/x", "/x%2F",
        "/x%00", "x", "/x?q=%ff", "/t/a%20b/files", "//t/t_1/files",
        "/t/t_1/./files"}) {
    EXPECT_EQ(r.body_limit(http::verb::post, target), default_body_limit)
      << target;
    auto res = call(r, http::verb::post, target);
    EXPECT_TRUE(res.result() == http::status::not_found
                || res.result() == http::status::bad_request)
      << target << " " << res.result_int();
  }
}

TEST(Router, UnknownPathsAre404AndOtherMethods405) {
  auto r = sample();
  EXPECT_EQ(call(r, http::verb::get, "/store/product").result(),
            http::status::not_found);
  EXPECT_EQ(call(r, http::verb::delete_, "/store/products/p").result(),
            http::status::method_not_allowed);
}

} // namespace
} // namespace souk

namespace souk {
namespace {

// Medusa's `fields` grammar: the storefront's own strings parse, with
// their stray spaces and trailing commas; a malformed one is named.
TEST(FieldSelection, TheStorefrontsFieldStringsParse) {
  auto f = parse_fields("*variants.calculated_price,+variants.inventory_"
                        "quantity,*variants.images,+metadata,+tags,");
  ASSERT_TRUE(f) << f.error();
  EXPECT_FALSE(f->changes_answer());
  EXPECT_TRUE(f->wants("variants.calculated_price"));
  EXPECT_FALSE(f->wants("products"));
  auto g = parse_fields("*category_children, *products, *parent_category");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->wants("products"));
  auto bare = parse_fields("id, handle, title");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->only, (std::set<std::string>{"id", "handle", "title"}));
  EXPECT_EQ(parse_fields("id;drop table").error(),
            "Invalid fields: 'id;drop table' is not a field name (letters, "
            "digits, _ and ., with *, + or - in front)");
  EXPECT_FALSE(parse_fields("**x"));
  EXPECT_FALSE(parse_fields("-"));
}

// Bare names cut every resource of the answer to them (and its id); `-`
// takes a field away; list counters and non-objects stay.
TEST(FieldSelection, BareAndRemovedFieldsCutTheResources) {
  std::string body = R"({"products":[{"id":"p1","title":"A","handle":"a",)"
                     R"("variants":[{"id":"v"}]},{"id":"p2","title":"B",)"
                     R"("handle":"b","variants":[]}],"count":2,"offset":0,)"
                     R"("limit":50})";
  EXPECT_EQ(
    project(body, *parse_fields("handle")),
    R"({"products":[{"id":"p1","handle":"a"},{"id":"p2","handle":"b"}],)"
    R"("count":2,"offset":0,"limit":50})");
  EXPECT_EQ(project(body, *parse_fields("-variants,*collection")),
            R"({"products":[{"id":"p1","title":"A","handle":"a"},)"
            R"({"id":"p2","title":"B","handle":"b"}],"count":2,"offset":0,)"
            R"("limit":50})");
  EXPECT_EQ(project(R"({"cart":{"id":"c","region_id":"r","items":[1]}})",
                    *parse_fields("id,region_id")),
            R"({"cart":{"id":"c","region_id":"r"}})");
  EXPECT_EQ(project(body, *parse_fields("+title")), body) << "adds nothing";
  EXPECT_EQ(project("not json", *parse_fields("id")), "not json");
}

} // namespace
} // namespace souk
