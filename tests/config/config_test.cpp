#include "config/config.hpp"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace souk {
namespace {

env_lookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto i = vars.find(name);
    if (i == vars.end())
      return std::nullopt;
    return i->second;
  };
}

std::string write_file(const std::string& text) {
  auto path = ::testing::TempDir() + "/souk-config-test.conf";
  std::ofstream{path} << text;
  return path;
}

TEST(Config, DefaultsServeOnPort9000WithTheEmbeddedDatabase) {
  auto inv = parse_invocation({}, fake_env({}));
  ASSERT_TRUE(inv) << inv.error();
  EXPECT_EQ(inv->command, "serve");
  EXPECT_EQ(inv->cfg.http.port, 9000);
  EXPECT_EQ(inv->cfg.http.host, "127.0.0.1");
  EXPECT_TRUE(inv->cfg.database.url.empty());
  EXPECT_EQ(inv->cfg.database.data_dir, "./var");
  EXPECT_EQ(inv->cfg.event_store.batch_max, 512);
}

TEST(Config, FileThenEnvironmentThenFlagsEachOverrideTheLast) {
  auto file = write_file("# comment\nport = 7000\nhttp-threads = 3\n"
                         "log-level = warn\nbatch-max = 64\n");
  auto env = fake_env({{"PORT", "7100"},
                       {"SOUK_HTTP_THREADS", "5"},
                       {"DATABASE_URL", "postgresql://u@db/souk"}});
  auto inv
    = parse_invocation({"migrate", "--config", file, "--port=7200"}, env);
  ASSERT_TRUE(inv) << inv.error();
  EXPECT_EQ(inv->command, "migrate");
  EXPECT_EQ(inv->cfg.http.port, 7200);                        // flag
  EXPECT_EQ(inv->cfg.http.threads, 5);                        // env over file
  EXPECT_EQ(inv->cfg.log_level, "warn");                      // file
  EXPECT_EQ(inv->cfg.event_store.batch_max, 64);              // file
  EXPECT_EQ(inv->cfg.database.url, "postgresql://u@db/souk"); // env
}

TEST(Config, SoukPrefixedVariableWinsOverTheGenericOne) {
  auto inv
    = parse_invocation({}, fake_env({{"PORT", "1"}, {"SOUK_PORT", "2"}}));
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->cfg.http.port, 2);
}

TEST(Config, InvalidValuesNameTheOptionTheSourceAndWhatIsAccepted) {
  auto flag = parse_invocation({"--port", "70000"}, fake_env({}));
  ASSERT_FALSE(flag);
  EXPECT_EQ(flag.error(), "invalid value '70000' for port (from --port): "
                          "expected an integer from 0 to 65535");
  auto env = parse_invocation({}, fake_env({{"SOUK_LOG_LEVEL", "loud"}}));
  ASSERT_FALSE(env);
  EXPECT_EQ(env.error(), "invalid value 'loud' for log-level (from "
                         "SOUK_LOG_LEVEL): expected one of trace, debug, "
                         "info, warn, error");
  auto url = parse_invocation({}, fake_env({{"DATABASE_URL", "mysql://x"}}));
  ASSERT_FALSE(url);
  EXPECT_NE(url.error().find("postgresql://"), std::string::npos);
  auto file = write_file("port = 80\nnot-an-option = 1\n");
  auto bad = parse_invocation({"--config=" + file}, fake_env({}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find(":2: unknown option 'not-an-option'"),
            std::string::npos)
    << bad.error();
}

TEST(Config, NotificationsDefaultToLocalAndTakeSmtpSettings) {
  auto defaults = parse_invocation({}, fake_env({}));
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->cfg.notifications.provider, "local");
  auto smtp = parse_invocation(
    {"--notifications", "smtp", "--smtp-port", "2525", "--smtp-starttls",
     "yes"},
    fake_env({{"SOUK_SMTP_FROM", "Shop <orders@shop.example>"},
              {"SOUK_STEP_THREADS", "8"}}));
  ASSERT_TRUE(smtp) << smtp.error();
  EXPECT_EQ(smtp->cfg.notifications.provider, "smtp");
  EXPECT_EQ(smtp->cfg.notifications.smtp_port, 2525);
  EXPECT_TRUE(smtp->cfg.notifications.smtp_starttls);
  EXPECT_EQ(smtp->cfg.notifications.smtp_from, "Shop <orders@shop.example>");
  EXPECT_EQ(smtp->cfg.workflows.step_threads, 8);
  auto bad = parse_invocation({"--notifications", "pigeon"}, fake_env({}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "invalid value 'pigeon' for notifications (from "
                         "--notifications): expected local or smtp");
  auto flag = parse_invocation({"--smtp-verify-tls", "maybe"}, fake_env({}));
  ASSERT_FALSE(flag);
  EXPECT_NE(flag.error().find("expected true or false"), std::string::npos);
}

TEST(Config, DemoIsOffUnlessTheFlagTheVariableOrTheFileTurnsItOn) {
  auto defaults = parse_invocation({"serve"}, fake_env({}));
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->cfg.demo);
  // A switch: it takes no value, so the next flag is still read as one.
  auto flag
    = parse_invocation({"serve", "--demo", "--port", "0"}, fake_env({}));
  ASSERT_TRUE(flag) << flag.error();
  EXPECT_TRUE(flag->cfg.demo);
  EXPECT_EQ(flag->cfg.http.port, 0);
  auto last = parse_invocation({"--port", "1", "--demo"}, fake_env({}));
  ASSERT_TRUE(last) << last.error();
  EXPECT_TRUE(last->cfg.demo);
  auto env = parse_invocation({}, fake_env({{"SOUK_DEMO", "1"}}));
  ASSERT_TRUE(env) << env.error();
  EXPECT_TRUE(env->cfg.demo);
  auto file = write_file("demo = true\n");
  auto from_file = parse_invocation({"--config", file}, fake_env({}));
  ASSERT_TRUE(from_file) << from_file.error();
  EXPECT_TRUE(from_file->cfg.demo);
  auto off = parse_invocation({"--demo=false"}, fake_env({{"SOUK_DEMO", "1"}}));
  ASSERT_TRUE(off) << off.error();
  EXPECT_FALSE(off->cfg.demo);
  auto bad = parse_invocation({}, fake_env({{"SOUK_DEMO", "maybe"}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "invalid value 'maybe' for demo (from SOUK_DEMO): "
                         "expected true or false");
  EXPECT_NE(help_text().find("--demo (SOUK_DEMO)"), std::string::npos);
}

TEST(Config, SmtpStartTlsIsRequiredWhenCredentialsAreSetAndCannotBeTurnedOff) {
  auto plain = parse_invocation({"--notifications", "smtp"}, fake_env({}));
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->cfg.notifications.smtp_starttls);
  auto with_password
    = parse_invocation({"--notifications", "smtp", "--smtp-user", "shop"},
                       fake_env({{"SOUK_SMTP_PASSWORD", "secret"}}));
  ASSERT_TRUE(with_password) << with_password.error();
  EXPECT_TRUE(with_password->cfg.notifications.smtp_starttls);
  auto explicit_on = parse_invocation(
    {"--smtp-password", "secret", "--smtp-starttls", "true"}, fake_env({}));
  ASSERT_TRUE(explicit_on) << explicit_on.error();
  EXPECT_TRUE(explicit_on->cfg.notifications.smtp_starttls);
  auto file = write_file("smtp-starttls = false\n");
  auto off = parse_invocation({"--config", file, "--smtp-password", "secret"},
                              fake_env({}));
  ASSERT_FALSE(off);
  EXPECT_NE(off.error().find("only over TLS"), std::string::npos)
    << off.error();
  auto off_by_env = parse_invocation(
    {}, fake_env({{"SOUK_SMTP_USER", "shop"}, {"SOUK_SMTP_STARTTLS", "no"}}));
  EXPECT_FALSE(off_by_env);
}

TEST(Config, TicketsTakeAFileLimitAndLinksGoToTheStorefront) {
  auto defaults = parse_invocation({}, fake_env({}));
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->cfg.tickets.max_file_bytes, 10 * 1024 * 1024);
  EXPECT_EQ(defaults->cfg.notifications.storefront_url,
            "http://localhost:9000");
  auto set
    = parse_invocation({"--storefront-url", "https://shop.example//"},
                       fake_env({{"SOUK_TICKET_MAX_FILE_BYTES", "2048"}}));
  ASSERT_TRUE(set) << set.error();
  EXPECT_EQ(set->cfg.notifications.storefront_url, "https://shop.example");
  EXPECT_EQ(set->cfg.tickets.max_file_bytes, 2048);
  EXPECT_FALSE(
    parse_invocation({"--storefront-url", "javascript:x"}, fake_env({})));
  EXPECT_FALSE(
    parse_invocation({"--ticket-max-file-bytes", "0"}, fake_env({})));
}

TEST(Config, AModulesCommandIsTwoWordsAndKnownOnceTheModulesAre) {
  auto cmd
    = parse_invocation({"tickets", "backfill", "--port", "1"}, fake_env({}));
  ASSERT_TRUE(cmd) << cmd.error();
  EXPECT_EQ(cmd->command, "tickets backfill");
  EXPECT_FALSE(parse_invocation({"tickets"}, fake_env({})));
  EXPECT_FALSE(parse_invocation({"tickets", "--port", "1"}, fake_env({})));
}

TEST(Config, UnknownFlagsCommandsAndMissingValuesAreRejected) {
  EXPECT_FALSE(parse_invocation({"--colour=red"}, fake_env({})));
  EXPECT_FALSE(parse_invocation({"dance"}, fake_env({})));
  EXPECT_FALSE(parse_invocation({"--port"}, fake_env({})));
  EXPECT_FALSE(parse_invocation({"serve", "extra"}, fake_env({})));
  EXPECT_FALSE(parse_invocation({"--config", "/nonexistent"}, fake_env({})));
}

TEST(Config, HelpListsEveryOptionWithItsVariableAndDefault) {
  auto help = help_text();
  for (auto name :
       {"--host", "--port", "--http-threads", "--database-url", "--data-dir",
        "--pg-bin-dir", "--pg-user", "--batch-max", "--append-queue-limit",
        "--reconnect-timeout-ms", "--log-level", "--config"})
    EXPECT_NE(help.find(name), std::string::npos) << name;
  EXPECT_NE(help.find("DATABASE_URL"), std::string::npos);
  EXPECT_NE(help.find("default: 9000"), std::string::npos);
  EXPECT_NE(help.find("default: ./var"), std::string::npos);
  auto inv = parse_invocation({"--help"}, fake_env({}));
  ASSERT_TRUE(inv);
  EXPECT_TRUE(inv->help);
}

} // namespace
} // namespace souk
