// The store API over real HTTP on loopback, on a real PostgreSQL, against
// the demo store.
#include "http/server_app.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "persistence/pg_execution_index.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;

// A published product with one variant, priced in euros.
catalog::product a_product(const std::string& title, const std::string& sku) {
  catalog::product p;
  p.id = make_id("prod");
  p.title = title;
  p.created_at = p.updated_at = now_ms();
  p.variants.push_back(
    {make_id("variant"), "One size", sku, {{"eur", 250}}, {}, true});
  return p;
}

class StoreApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() { start_souk(); }

  StoreApi() : client("127.0.0.1", app->port()) {
    client.set_header("x-publishable-api-key", demo->publishable_key);
  }

  // GETs `target` and parses the JSON body.
  simdjson::dom::element get(const std::string& target,
                             http::status expect = http::status::ok) {
    auto res = client.request(verb::get, target);
    EXPECT_EQ(res.result(), expect) << target << ": " << res.body();
    bodies.push_back(res.body());
    return parser.parse(bodies.back());
  }

  test::http_client client;
  simdjson::dom::parser parser;
  std::vector<std::string> bodies;
};

TEST_F(StoreApi, RegionsListTheDemoRegionWithCurrencyAndCountries) {
  auto body = get("/store/regions");
  EXPECT_EQ(int64_t(body["count"]), 1);
  EXPECT_EQ(int64_t(body["limit"]), 50);
  auto region = body["regions"].at(0);
  EXPECT_EQ(std::string_view(region["id"]), demo->region_id);
  EXPECT_EQ(std::string_view(region["currency_code"]), "eur");
  EXPECT_EQ(std::string_view(region["countries"].at(0)["iso_2"]), "de");
  auto one = get("/store/regions/" + demo->region_id);
  EXPECT_EQ(std::string_view(one["region"]["name"]), "Germany");
  get("/store/regions/reg_nope", http::status::not_found);
}

TEST_F(StoreApi, ProductsPageWithCountOffsetLimitAndSearch) {
  auto all = get("/store/products");
  EXPECT_EQ(int64_t(all["count"]), 3);
  auto page = get("/store/products?limit=1&offset=1");
  EXPECT_EQ(int64_t(page["count"]), 3);
  EXPECT_EQ(int64_t(page["offset"]), 1);
  EXPECT_EQ(int64_t(page["limit"]), 1);
  EXPECT_EQ(simdjson::dom::array(page["products"]).size(), 1u);
  EXPECT_EQ(std::string_view(page["products"].at(0)["id"]),
            demo->products[1].first);
  auto found = get("/store/products?q=PIZZA");
  EXPECT_EQ(int64_t(found["count"]), 1);
  EXPECT_EQ(std::string_view(found["products"].at(0)["handle"]),
            "printed-pizza-box");
  auto none = get("/store/products?q="
                  "nothing%20like%20this");
  EXPECT_EQ(int64_t(none["count"]), 0);
}

TEST_F(StoreApi, AProductWithARegionHasPricesInMajorUnits) {
  auto& [id, variants] = demo->products[0];
  auto body = get("/store/products/" + id + "?region_id=" + demo->region_id);
  auto product = body["product"];
  EXPECT_EQ(std::string_view(product["title"]), "Printed Pizza Box");
  auto variant = product["variants"].at(0);
  EXPECT_EQ(std::string_view(variant["id"]), variants[0]);
  EXPECT_EQ(std::string_view(variant["sku"]), "PIZZA-30cm");
  auto price = variant["calculated_price"];
  EXPECT_EQ(double(price["calculated_amount"]), 1.2); // 120 cents
  EXPECT_EQ(std::string_view(price["currency_code"]), "eur");
  EXPECT_EQ(std::string_view(variant["options"].at(0)["value"]), "30cm");
  EXPECT_EQ(std::string_view(product["options"].at(0)["title"]), "Size");
}

// The store never shows a variant's price list (other currencies, prices
// staged for regions not yet sold in): with a region only its calculated
// price, without one no price at all.
TEST_F(StoreApi, TheStoreNeverShowsAVariantsPriceList) {
  auto& [id, variants] = demo->products[0];
  for (auto* query : {"", "?region_id="}) {
    auto target = "/store/products/" + id + query
                  + (*query ? demo->region_id : std::string{});
    auto body = get(target);
    for (auto v : body["product"]["variants"].get_array())
      EXPECT_TRUE(v["prices"].error()) << target;
    auto list = get(std::string{"/store/products"} + query
                    + (*query ? demo->region_id : std::string{}));
    for (auto p : list["products"].get_array())
      for (auto v : p["variants"].get_array())
        EXPECT_TRUE(v["prices"].error()) << "list " << query;
  }
}

TEST_F(StoreApi, UnknownProductsAre404WithMedusasMessage) {
  auto body = get("/store/products/prod_doesnotexist", http::status::not_found);
  EXPECT_EQ(std::string_view(body["type"]), "not_found");
  EXPECT_EQ(std::string_view(body["message"]),
            "Product with id: prod_doesnotexist was not found");
}

TEST_F(StoreApi, AMessageEchoingBytesThatAreNotUtf8IsStillValidUtf8Json) {
  // A query parameter that decodes to bytes that are not UTF-8 is refused
  // before any handler sees it, in valid JSON.
  auto res = client.request(verb::get, "/store/products?region_id=%ff%fe");
  EXPECT_EQ(res.result(), http::status::bad_request);
  auto& body = res.body();
  EXPECT_TRUE(simdjson::validate_utf8(body.data(), body.size())) << body;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(body).get(doc)) << body;
  EXPECT_NE(std::string_view(doc["message"]).find("query parameter"),
            std::string_view::npos);
  // A target with raw bytes on no route: whatever the answer, its body is
  // valid JSON in valid UTF-8.
  auto raw = client.request(verb::get, "/store/no-such-thing/\xff\xfe");
  EXPECT_GE(static_cast<int>(raw.result()), 400);
  EXPECT_TRUE(simdjson::validate_utf8(raw.body().data(), raw.body().size()))
    << raw.body();
  EXPECT_FALSE(parser.parse(raw.body()).error()) << raw.body();
}

TEST_F(StoreApi, StoreRoutesWantAValidPublishableKey) {
  test::http_client anonymous{"127.0.0.1", app->port()};
  auto missing = anonymous.request(verb::get, "/store/products");
  EXPECT_EQ(missing.result(), http::status::bad_request);
  EXPECT_NE(missing.body().find("Publishable API key required"),
            std::string::npos);
  anonymous.set_header("x-publishable-api-key", "pk_wrong");
  auto wrong = anonymous.request(verb::get, "/store/products");
  EXPECT_EQ(wrong.result(), http::status::bad_request);
  EXPECT_NE(wrong.body().find("A valid publishable key is required"),
            std::string::npos);
  EXPECT_EQ(to_std(wrong["x-request-id"]).rfind("req_", 0), 0u);
}

TEST_F(StoreApi, BadPagingIsA400NamingTheParameter) {
  auto body = get("/store/products?limit=-1", http::status::bad_request);
  EXPECT_EQ(std::string_view(body["type"]), "invalid_data");
  EXPECT_EQ(std::string_view(body["message"]),
            "limit must be an integer from 0 to 1000000000");
  get("/store/products?offset=abc", http::status::bad_request);
  // Huge values would overflow offset + limit.
  get("/store/products?limit=9223372036854775807", http::status::bad_request);
  get("/store/products?offset=9223372036854775807&limit=2",
      http::status::bad_request);
  get("/store/products?region_id=reg_nope", http::status::bad_request);
}

TEST_F(StoreApi, ReadinessSaysTheDatabaseIsMigrated) {
  auto body = get("/health/ready");
  EXPECT_EQ(std::string_view(body["status"]), "ready");
}

TEST_F(StoreApi, MetricsArePrometheusTextOfRequestsActorsCommitsAndWorkflows) {
  get("/store/products");
  auto res = client.request(verb::get, "/metrics");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(to_std(res[http::field::content_type]).rfind("text/plain", 0), 0u);
  auto& m = res.body();
  for (auto series :
       {R"(souk_http_requests_total{route="/store/products",status="200"} )",
        R"(souk_http_request_seconds_bucket{le="+Inf"} )",
        R"(souk_resident_actors{kind="catalog"} 1)",
        "souk_group_commit_batches_total ",
        R"(souk_subscriber_lag_events{subscriber="order-list"} )",
        R"(souk_subscriber_lag_events{subscriber="catalog-view"} )",
        R"(souk_workflow_executions{state="running"} )"})
    EXPECT_NE(m.find(series), std::string::npos) << series << "\n" << m;
}

// A scrape reads the counters the appends keep (one row), not a count over
// the events: counters moved by hand show in the next scrape.
TEST_F(StoreApi, MetricsWorkflowExecutionsComeFromTheKeptCounters) {
  pqxx::connection conn{conninfo};
  auto before = read_workflow_counts(conn);
  pqxx::nontransaction{conn}.exec0(
    "UPDATE workflow_execution_counts SET started = started + 1000,"
    " completed = completed + 600, failed = failed + 300");
  auto res = client.request(verb::get, "/metrics");
  pqxx::nontransaction{conn}.exec0(
    "UPDATE workflow_execution_counts SET started = started - 1000,"
    " completed = completed - 600, failed = failed - 300");
  ASSERT_EQ(res.result(), http::status::ok);
  auto& m = res.body();
  auto line = [](const char* state, std::int64_t n) {
    return "souk_workflow_executions{state=\"" + std::string{state} + "\"} "
           + std::to_string(n) + "\n";
  };
  EXPECT_NE(m.find(line("running", before.running() + 100)), std::string::npos)
    << m;
  EXPECT_NE(m.find(line("completed", before.completed + 600)),
            std::string::npos)
    << m;
  EXPECT_NE(m.find(line("failed", before.failed + 300)), std::string::npos)
    << m;
}

// The document is made from the route table; this checks the making:
// every route, no other, each with its summary and access rule.
TEST_F(StoreApi, TheOpenApiDocumentNamesEveryRouteAndNoOther) {
  auto doc = get("/openapi.json");
  EXPECT_EQ(std::string_view(doc["openapi"]), "3.0.3");
  std::set<std::pair<std::string, std::string>> documented;
  for (auto [path, item] : simdjson::dom::object(doc["paths"]))
    for (auto [method, op] : simdjson::dom::object(item)) {
      // "/store/carts/{id}" → "/store/carts/:id", "get" → "GET"
      std::string p{path};
      p = std::regex_replace(p, std::regex{"\\{([a-z_]+)\\}"}, ":$1");
      std::string m{method};
      for (auto& c : m)
        c = static_cast<char>(std::toupper(c));
      documented.emplace(m, p);
      EXPECT_FALSE(std::string_view(op["summary"]).empty()) << p;
      EXPECT_FALSE(std::string_view(op["x-souk-access"]).empty()) << p;
    }
  std::set<std::pair<std::string, std::string>> registered;
  for (auto& r : app->routes())
    registered.emplace(std::string{to_std(http::to_string(r.method))},
                       r.pattern);
  for (auto& r : registered)
    EXPECT_TRUE(documented.count(r))
      << "undocumented: " << r.first << " " << r.second;
  for (auto& d : documented)
    EXPECT_TRUE(registered.count(d))
      << "documented, not served: " << d.first << " " << d.second;
}

// Routes name Medusa's schemas for their bodies and answers; every name a
// route uses is a schema of the document.
TEST_F(StoreApi, TheOpenApiDocumentNamesTheSchemasRoutesDeclare) {
  auto doc = get("/openapi.json");
  auto ref = [](auto op, const char* part) {
    auto json = std::string_view{part} == "body"
                  ? op["requestBody"]["content"]["application/json"]
                  : op["responses"]["200"]["content"]["application/json"];
    std::string_view r;
    return json["schema"]["$ref"].get(r) ? std::string{} : std::string{r};
  };
  auto line = doc["paths"]["/store/carts/{id}/line-items"]["post"];
  EXPECT_EQ(ref(line, "body"), "#/components/schemas/StoreAddCartLineItem");
  EXPECT_EQ(ref(line, "answer"), "#/components/schemas/StoreCartResponse");
  EXPECT_EQ(ref(doc["paths"]["/store/products"]["get"], "answer"),
            "#/components/schemas/StoreProductListResponse");
  int refs = 0;
  for (auto [path, item] : simdjson::dom::object(doc["paths"]))
    for (auto [method, op] : simdjson::dom::object(item))
      for (auto part : {"body", "answer"})
        if (auto r = ref(op, part); !r.empty()) {
          ++refs;
          auto name = r.substr(std::string{"#/components/schemas/"}.size());
          EXPECT_FALSE(doc["components"]["schemas"][name].error()) << r;
        }
  EXPECT_GE(refs, 20);
}

TEST_F(StoreApi, TheSeedRunsOnceAndAgainFindsWhatItMade) {
  auto again = app->seed_demo();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->publishable_key, demo->publishable_key);
  EXPECT_EQ(again->products.size(), 3u);
}

// The catalog command goes to the entity as a workflow or `souk` command
// would send it: no HTTP route runs, so only the follower of the committed
// catalog events can bring it to the view the store reads.
TEST_F(StoreApi, ACatalogCommandSentStraightToTheEntityShowsUpInTheStore) {
  auto p = a_product("Paper Carrier Bag", "BAG-1");
  auto made
    = app->catalog_command(catalog::create_product{p, "system:test", now_ms()});
  ASSERT_TRUE(made) << made.error();
  ASSERT_TRUE(app->wait_for_catalog(made->version, 10s));
  auto found = get("/store/products?q=carrier");
  ASSERT_EQ(int64_t(found["count"]), 1);
  EXPECT_EQ(std::string_view(found["products"].at(0)["id"]), p.id);
  get("/store/products/" + p.id);

  auto gone = app->catalog_command(
    catalog::delete_product{p.id, "system:test", now_ms()});
  ASSERT_TRUE(gone) << gone.error();
  ASSERT_TRUE(app->wait_for_catalog(gone->version, 10s));
  EXPECT_EQ(int64_t(get("/store/products?q=carrier")["count"]), 0);
  get("/store/products/" + p.id, http::status::not_found);
}

// A second souk on the same database (another node): each one's view
// follows the feed, so each sees the other's writes. (A write on the node
// whose catalog entity is behind conflicts, reloads and is decided again.)
TEST_F(StoreApi, AWriteOnAnotherNodeOnTheSameDatabaseShowsUpInThisNodesStore) {
  config cfg;
  cfg.http.port = 0;
  auto started = server_app::start(cfg, conninfo);
  ASSERT_TRUE(started) << started.error();
  auto other = std::move(*started);
  test::http_client other_client{"127.0.0.1", other->port()};
  other_client.set_header("x-publishable-api-key", demo->publishable_key);
  auto other_get = [&](const std::string& target) {
    return other_client.request(verb::get, target);
  };

  auto wrap = a_product("Tissue Paper Wrap", "WRAP-1");
  auto made = other->catalog_command(
    catalog::create_product{wrap, "system:test", now_ms()});
  ASSERT_TRUE(made) << made.error();
  ASSERT_TRUE(app->wait_for_catalog(made->version, 10s));
  auto found = get("/store/products?q=tissue");
  ASSERT_EQ(int64_t(found["count"]), 1);
  EXPECT_EQ(std::string_view(found["products"].at(0)["id"]), wrap.id);

  auto tape = a_product("Paper Packing Tape", "TAPE-1");
  auto back = app->catalog_command(
    catalog::create_product{tape, "system:test", now_ms()});
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->version, made->version + 1);
  EXPECT_NE(back->find_product(wrap.id), nullptr);
  ASSERT_TRUE(other->wait_for_catalog(back->version, 10s));
  auto res = other_get("/store/products/" + tape.id);
  EXPECT_EQ(res.result(), http::status::ok) << res.body();

  std::int64_t last = 0;
  for (auto& id : {wrap.id, tape.id}) {
    auto gone = app->catalog_command(
      catalog::delete_product{id, "system:test", now_ms()});
    ASSERT_TRUE(gone) << gone.error();
    last = gone->version;
  }
  ASSERT_TRUE(other->wait_for_catalog(last, 10s));
  for (auto& id : {wrap.id, tape.id}) {
    auto res = other_get("/store/products/" + id);
    EXPECT_EQ(res.result(), http::status::not_found) << res.body();
  }
}

} // namespace
} // namespace souk
