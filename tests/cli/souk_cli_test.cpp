// Runs the souk binary as a user would.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/stat.h>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "http/modules/modules.hpp"
#include "persistence/migrations.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

using namespace std::chrono_literals;
using test::child_process;

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A fresh data directory the cluster's user can enter; removed at the end.
struct data_dir {
  data_dir() {
    char tmpl[] = "/tmp/souk-test-cli-XXXXXX";
    EXPECT_TRUE(mkdtemp(tmpl));
    chmod(tmpl, 0755);
    path = tmpl;
  }
  ~data_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

// Permission bits of `file` (not following a symbolic link), or -1.
int mode_of(const std::filesystem::path& file) {
  struct stat st {};
  if (lstat(file.c_str(), &st) != 0)
    return -1;
  return static_cast<int>(st.st_mode & 07777);
}

TEST(SoukCli, HelpListsOptionsAndExitsZero) {
  child_process souk{{SOUK_BINARY, "--help"}};
  ASSERT_EQ(souk.wait(10s), 0);
  EXPECT_NE(souk.output().find("--database-url (SOUK_DATABASE_URL, "
                               "DATABASE_URL)"),
            std::string::npos);
  EXPECT_NE(souk.output().find("default: 9000"), std::string::npos);
}

TEST(SoukCli, InvalidOptionFailsWithOneLineNamingIt) {
  child_process souk{{SOUK_BINARY, "serve"}, {{"PORT", "ninety"}}};
  ASSERT_EQ(souk.wait(10s), 2);
  EXPECT_EQ(souk.output(), "souk: invalid value 'ninety' for port (from "
                           "PORT): expected an integer from 0 to 65535\n");
}

TEST(SoukCli, UnreachableDatabaseUrlExitsNonZeroWithinTenSeconds) {
  auto start = std::chrono::steady_clock::now();
  child_process souk{
    {SOUK_BINARY, "serve", "--port", "0"},
    {{"DATABASE_URL", "postgresql://souk:secret@127.0.0.1:1/souk"}}};
  auto code = souk.wait(15s);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(code.has_value()) << "still running after 15 s";
  EXPECT_NE(*code, 0);
  EXPECT_LT(took, 10s);
  auto out = souk.output();
  EXPECT_EQ(lines(out), 1u) << out;
  EXPECT_EQ(out.rfind("souk: cannot connect to postgresql://souk:***@", 0), 0u)
    << out;
  EXPECT_EQ(out.find("secret"), std::string::npos) << "password leaked";
}

TEST(SoukCli, MigrateAppliesPendingMigrationsOnceThroughDatabaseUrl) {
  auto& cluster = test::test_cluster::instance();
  cluster.empty_database(); // e<N>: take its name from the conninfo
  auto conninfo = cluster.empty_database();
  auto db = conninfo.substr(conninfo.rfind('=') + 1);
  auto socket = cluster.pg().data_dir().string();
  auto url = "postgresql://souk@/" + db + "?host=" + socket;
  child_process first{{SOUK_BINARY, "migrate"}, {{"DATABASE_URL", url}}};
  ASSERT_EQ(first.wait(30s), 0) << first.output();
  auto all = std::to_string(all_migrations(souk_modules()).size());
  EXPECT_NE(first.output().find("applied " + all + " migration(s)"),
            std::string::npos)
    << first.output();
  child_process second{{SOUK_BINARY, "migrate", "--database-url", url}};
  ASSERT_EQ(second.wait(30s), 0) << second.output();
  EXPECT_NE(second.output().find("applied 0 migration(s)"), std::string::npos);
  // The first admin comes from the command line.
  child_process create{{SOUK_BINARY, "user", "create", "--email",
                        "ops@example.com", "--password", "long-enough-pw",
                        "--database-url", url}};
  ASSERT_EQ(create.wait(60s), 0) << create.output();
  EXPECT_NE(create.output().find("created admin user ops@example.com"),
            std::string::npos);
  child_process again{{SOUK_BINARY, "user", "create", "--email",
                       "ops@example.com", "--password", "long-enough-pw",
                       "--database-url", url}};
  EXPECT_EQ(again.wait(60s), 1);
  EXPECT_NE(again.output().find("exists"), std::string::npos) << again.output();
  child_process weak{{SOUK_BINARY, "user", "create", "--email", "x@example.com",
                      "--password", "short", "--database-url", url}};
  EXPECT_EQ(weak.wait(60s), 1);
  EXPECT_NE(weak.output().find("at least 8"), std::string::npos);
  // An admin is disabled from the command line too, once.
  child_process disable{{SOUK_BINARY, "user", "disable", "--email",
                         "OPS@example.com", "--database-url", url}};
  ASSERT_EQ(disable.wait(60s), 0) << disable.output();
  EXPECT_NE(disable.output().find("disabled admin user"), std::string::npos);
  pqxx::connection conn{conninfo};
  EXPECT_EQ(pqxx::nontransaction{conn}
              .exec1("SELECT count(*) FROM users WHERE email ="
                     " 'ops@example.com' AND disabled_at IS NOT NULL")[0]
              .as<int>(),
            1);
  child_process twice{{SOUK_BINARY, "user", "disable", "--email",
                       "ops@example.com", "--database-url", url}};
  EXPECT_EQ(twice.wait(60s), 1);
  EXPECT_NE(twice.output().find("no active admin"), std::string::npos)
    << twice.output();
  // A module's command: the tickets backfill, with nothing to open.
  child_process backfill{
    {SOUK_BINARY, "tickets", "backfill", "--database-url", url}};
  ASSERT_EQ(backfill.wait(60s), 0) << backfill.output();
  EXPECT_NE(backfill.output().find("opened the tickets of 0 order(s)"),
            std::string::npos)
    << backfill.output();
  child_process unknown{
    {SOUK_BINARY, "tickets", "frobnicate", "--database-url", url}};
  EXPECT_EQ(unknown.wait(30s), 2);
  EXPECT_NE(unknown.output().find("unknown command 'tickets frobnicate'"),
            std::string::npos)
    << unknown.output();
}

TEST(SoukCli, HelpListsTheModulesCommands) {
  child_process help{{SOUK_BINARY, "--help"}};
  ASSERT_EQ(help.wait(10s), 0);
  EXPECT_NE(help.output().find("tickets backfill"), std::string::npos);
}

// The README's first command in miniature: the embedded cluster is created,
// serves, is stopped on SIGTERM, and is reused by the next start.
TEST(SoukCli, ServeRunsTheEmbeddedClusterAndStopsItOnSigterm) {
  char tmpl[] = "/tmp/souk-test-cli-XXXXXX";
  ASSERT_TRUE(mkdtemp(tmpl));
  chmod(tmpl, 0755);
  std::string data_dir = tmpl;
  auto pg_dir = std::filesystem::path{data_dir} / "pg";
  for (int run = 0; run < 2; ++run) {
    child_process souk{
      {SOUK_BINARY, "serve", "--demo", "--port", "0", "--data-dir", data_dir}};
    ASSERT_TRUE(souk.wait_for_output("Press Ctrl-C", 60s)) << souk.output();
    auto out = souk.output();
    std::smatch m;
    ASSERT_TRUE(
      std::regex_search(out, m, std::regex{"serving http://localhost:(\\d+)"}))
      << out;
    EXPECT_EQ(out.find("initialising") != std::string::npos, run == 0)
      << "run " << run << ": " << out;
    EXPECT_EQ(out.find("seeded the demo store") != std::string::npos, run == 0)
      << "the seed is idempotent";
    // demo.json says how to sign in; the second run keeps the password.
    std::ifstream demo_json{std::filesystem::path{data_dir} / "demo.json"};
    std::string demo{std::istreambuf_iterator<char>{demo_json}, {}};
    std::smatch pw;
    ASSERT_TRUE(std::regex_search(
      demo, pw, std::regex{"\"admin_password\":\"([0-9a-f]{24})\""}))
      << demo;
    static std::string first_password;
    if (run == 0)
      first_password = pw[1];
    EXPECT_EQ(pw[1], first_password);
    EXPECT_NE(out.find(first_password), std::string::npos)
      << "the password is printed";
    // The admin password and the signing key: souk's user only.
    EXPECT_EQ(mode_of(std::filesystem::path{data_dir} / "demo.json"), 0600);
    EXPECT_EQ(mode_of(std::filesystem::path{data_dir} / "auth-secret"), 0600);
    test::http_client client{"127.0.0.1",
                             static_cast<unsigned short>(std::stoi(m[1]))};
    EXPECT_EQ(client.request(http::verb::get, "/health").result(),
              http::status::ok);
    EXPECT_TRUE(std::filesystem::exists(pg_dir / "postmaster.pid"));
    souk.signal(SIGTERM);
    ASSERT_EQ(souk.wait(60s), 0) << souk.output();
    EXPECT_FALSE(std::filesystem::exists(pg_dir / "postmaster.pid"))
      << "PostgreSQL still running after shutdown";
  }
  std::filesystem::remove_all(data_dir);
}

// A real shop starts empty: no demo store, no demo admin, no demo.json
// unless asked for with --demo.
TEST(SoukCli, ServeWithoutDemoSeedsNothingAndWritesNoDemoJson) {
  data_dir dir;
  child_process souk{
    {SOUK_BINARY, "serve", "--port", "0", "--data-dir", dir.path.string()}};
  ASSERT_TRUE(souk.wait_for_output("Press Ctrl-C", 60s)) << souk.output();
  auto out = souk.output();
  EXPECT_EQ(out.find("seeded the demo store"), std::string::npos) << out;
  EXPECT_EQ(out.find("admin@souk.local"), std::string::npos) << out;
  EXPECT_NE(out.find("souk user create"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "demo.json"));
  {
    pqxx::connection conn{"host=" + (dir.path / "pg").string()
                          + " port=5432 user=souk dbname=souk"};
    pqxx::nontransaction tx{conn};
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM auth_identities")[0].as<int>(), 0)
      << "no admin";
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM events WHERE stream_id LIKE "
                       "'catalog-%' OR stream_id LIKE 'inventory-%'")[0]
                .as<int>(),
              0)
      << "no demo catalog, no stock";
  }
  // The signing key is still made, for souk's user only.
  EXPECT_EQ(mode_of(dir.path / "auth-secret"), 0600);
  souk.signal(SIGTERM);
  ASSERT_EQ(souk.wait(60s), 0) << souk.output();
}

TEST(SoukCli, AnAuthSecretOthersCanReadIsRefusedBeforeAnythingStarts) {
  data_dir dir;
  auto file = dir.path / "auth-secret";
  std::ofstream{file} << std::string(64, 'a') << "\n";
  chmod(file.c_str(), 0644);
  child_process souk{
    {SOUK_BINARY, "serve", "--port", "0", "--data-dir", dir.path.string()}};
  ASSERT_EQ(souk.wait(30s), 1) << souk.output();
  auto out = souk.output();
  EXPECT_EQ(lines(out), 1u) << out;
  EXPECT_EQ(out.rfind("souk: " + file.string()
                        + " is open to group or others "
                          "(mode 0644)",
                      0),
            0u)
    << out;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "pg")) << "nothing started";
  EXPECT_EQ(mode_of(file), 0644) << "left as it was";
}

TEST(SoukCli, AnAuthSecretThatIsASymlinkIsRefusedAndItsTargetLeftAlone) {
  data_dir dir;
  auto target = dir.path / "elsewhere";
  std::ofstream{target} << std::string(64, 'b') << "\n";
  chmod(target.c_str(), 0600);
  std::filesystem::create_symlink(target, dir.path / "auth-secret");
  child_process souk{
    {SOUK_BINARY, "serve", "--port", "0", "--data-dir", dir.path.string()}};
  ASSERT_EQ(souk.wait(30s), 1) << souk.output();
  auto out = souk.output();
  EXPECT_EQ(lines(out), 1u) << out;
  EXPECT_NE(out.find("auth-secret is a symbolic link"), std::string::npos)
    << out;
  EXPECT_FALSE(std::filesystem::exists(dir.path / "pg"));
}

} // namespace
} // namespace souk
