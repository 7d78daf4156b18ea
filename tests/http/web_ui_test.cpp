// souk serving the built web UI (http/web_files.cpp) over real HTTP: the
// apps' pages and client-side routes, long-cached assets, gzip, ETags, the
// security headers; and what it never serves: files outside the folder,
// dot files, missing assets as pages, API paths as pages.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "tests/support/http_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

namespace fs = std::filesystem;
using http::verb;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream{p, std::ios::binary} << text;
}

// A dist/ as Vite leaves it, plus what an attacker would look for.
fs::path make_dist() {
  auto dir = fs::temp_directory_path()
             / ("souk-web-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::remove_all(dir.string() + "-outside");
  write(dir / "index.html", "<!doctype html><title>store</title>");
  write(dir / "app/index.html", "<!doctype html><title>admin</title>");
  write(dir / "assets/store-abc123.js", "console.log('store')");
  write(dir / "assets/store-abc123.js.gz", "GZIPPED-BYTES");
  write(dir / ".env", "SECRET=1");
  write(dir.string() + "-outside/secret.txt", "SECRET outside");
  fs::create_symlink(dir.string() + "-outside/secret.txt", dir / "secret.txt");
  fs::create_symlink(dir.string() + "-outside", dir / "linked");
  return dir;
}

class WebUi : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    dist = make_dist();
    config cfg;
    cfg.web.dir = dist.string();
    start_souk(cfg);
  }
  static void TearDownTestSuite() {
    souk_suite::TearDownTestSuite();
    fs::remove_all(dist);
    fs::remove_all(dist.string() + "-outside");
  }

  http_response get(const std::string& target,
                    std::vector<std::pair<std::string, std::string>> h = {}) {
    test::http_client c{"127.0.0.1", app->port()};
    for (auto& [k, v] : h)
      c.set_header(k, v);
    return c.request(verb::get, target);
  }

  static inline fs::path dist;
};

TEST_F(WebUi, TheStorefrontAndTheAdminAreServedWithTheirClientRoutes) {
  for (auto [path, title] : {std::pair{"/", "store"},
                             {"/account/tickets/tkt_1", "store"},
                             {"/products/prod_1", "store"},
                             {"/app", "admin"},
                             {"/app/", "admin"},
                             {"/app/tickets/tkt_1", "admin"},
                             {"/app/orders", "admin"}}) {
    auto res = get(path);
    EXPECT_EQ(res.result(), http::status::ok) << path;
    EXPECT_NE(res.body().find(std::string{"<title>"} + title),
              std::string::npos)
      << path << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(res[http::field::cache_control], "no-cache") << path;
  }
}

TEST_F(WebUi, EveryPageCarriesTheSecurityHeaders) {
  for (auto* path : {"/", "/app/", "/assets/store-abc123.js"}) {
    auto res = get(path);
    auto csp = std::string{res["Content-Security-Policy"]};
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
    EXPECT_EQ(res["Referrer-Policy"], "same-origin");
  }
}

TEST_F(WebUi, HashedAssetsAreCachedForAYearAndSentGzippedToWhoTakesIt) {
  auto plain = get("/assets/store-abc123.js");
  ASSERT_EQ(plain.result(), http::status::ok);
  EXPECT_EQ(plain.body(), "console.log('store')");
  EXPECT_EQ(plain[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(plain[http::field::cache_control],
            "public, max-age=31536000, immutable");
  EXPECT_EQ(plain[http::field::vary], "Accept-Encoding");
  EXPECT_EQ(plain[http::field::content_encoding], "");
  auto gz = get("/assets/store-abc123.js", {{"accept-encoding", "gzip, br"}});
  EXPECT_EQ(gz[http::field::content_encoding], "gzip");
  EXPECT_EQ(gz.body(), "GZIPPED-BYTES");
  EXPECT_EQ(get("/assets/store-abc123.js.gz").result(),
            http::status::not_found); // the .gz is a variant, not a file
}

TEST_F(WebUi, AnUnchangedPageIsA304ByItsETag) {
  auto first = get("/");
  auto etag = std::string{first[http::field::etag]};
  ASSERT_FALSE(etag.empty());
  auto again = get("/", {{"if-none-match", etag}});
  EXPECT_EQ(again.result(), http::status::not_modified);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(get("/", {{"if-none-match", "\"other\""}}).result(),
            http::status::ok);
}

TEST_F(WebUi, NothingOutsideTheBuiltFilesIsServed) {
  // A missing asset is a 404, not the page (a broken deploy shows as one).
  EXPECT_EQ(get("/assets/gone-123.js").result(), http::status::not_found);
  // Dot files and symlinks are not part of the build.
  EXPECT_EQ(get("/.env").result(), http::status::not_found);
  EXPECT_EQ(get("/secret.txt").result(), http::status::not_found);
  EXPECT_EQ(get("/linked/secret.txt").result(), http::status::not_found);
  // Paths that climb or hide are refused before any file is looked at.
  for (auto* path : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/assets/../.env",
                     "//app", "/./index.html", "/app//", "/%2fetc%2fpasswd"}) {
    auto res = get(path);
    EXPECT_TRUE(res.result() == http::status::not_found
                || res.result() == http::status::bad_request)
      << path << " " << res.result_int();
    EXPECT_EQ(res.body().find("<title>"), std::string::npos) << path;
    EXPECT_EQ(res.body().find("SECRET"), std::string::npos) << path;
  }
  // Only GET: a POST to a page is not a page.
  test::http_client c{"127.0.0.1", app->port()};
  EXPECT_EQ(c.request(verb::post, "/account", "{}").result(),
            http::status::not_found);
}

TEST_F(WebUi, ApiPathsKeepTheirJsonAnswersAndNeverBecomePages) {
  for (auto* path :
       {"/store/nope", "/admin", "/admin/", "/admin/nope", "/admin/orders/",
        "/store/products/", "/web/", "/metrics/", "/auth/nope", "/health/nope",
        "/ws/x"}) {
    auto res = get(path);
    EXPECT_EQ(res.result(), http::status::not_found) << path;
    EXPECT_EQ(res.body().find("<title>"), std::string::npos) << path;
    EXPECT_NE(res.body().find("\"type\":\"not_found\""), std::string::npos)
      << path << ": " << res.body();
  }
  EXPECT_EQ(get("/health").body(), R"({"status":"ok"})");
}

TEST_F(WebUi, TheStorefrontLearnsItsPublishableKey) {
  auto res = get("/web/config");
  ASSERT_EQ(res.result(), http::status::ok);
  simdjson::dom::parser p;
  EXPECT_EQ(std::string_view(p.parse(res.body())["publishable_key"]),
            demo->publishable_key);
}

// Without a build the API works as ever and the pages are plain 404s.
class WebUiNotBuilt : public test::souk_suite {
protected:
  static void SetUpTestSuite() {
    config cfg;
    cfg.web.dir = "/nonexistent/souk-web-dist";
    start_souk(cfg);
  }
};

TEST_F(WebUiNotBuilt, TheApiIsServedAndPagesAre404) {
  test::http_client c{"127.0.0.1", app->port()};
  EXPECT_EQ(c.request(verb::get, "/health").result(), http::status::ok);
  auto page = c.request(verb::get, "/app/");
  EXPECT_EQ(page.result(), http::status::not_found);
  EXPECT_NE(page.body().find("not_found"), std::string::npos);
}

} // namespace
} // namespace souk
