// Notifications: the local provider on a real PostgreSQL, the SMTP provider
// against a real SMTP server on loopback (Debian's aiosmtpd), and both as
// workflow steps.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include "actors/notifications/notifier.hpp"
#include "actors/notifications/smtp_provider.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "persistence/pg_notification_log.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::notifications {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

fs::path temp_dir(const char* name) {
  auto dir = fs::temp_directory_path()
             / (std::string{name} + "-" + std::to_string(::getpid()) + "-"
                + std::to_string(free_port()));
  fs::create_directories(dir);
  return dir;
}

/// A real SMTP server on loopback: aiosmtpd writing each message into a
/// maildir, with the envelope as X-MailFrom / X-RcptTo headers. With
/// `tls`, it offers STARTTLS with a fresh self-signed certificate.
class smtp_server {
public:
  explicit smtp_server(bool tls = false)
    : port(free_port()), dir(temp_dir("souk-smtp")) {
    std::vector<std::string> argv{"/usr/bin/python3",
                                  "-m",
                                  "aiosmtpd",
                                  "-n",
                                  "-l",
                                  "127.0.0.1:" + std::to_string(port)};
    if (tls) {
      auto cert = (dir / "cert.pem").string();
      auto key = (dir / "key.pem").string();
      auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1"
                 " -subj /CN=127.0.0.1 -keyout "
                 + key + " -out " + cert + " 2>/dev/null";
      EXPECT_EQ(std::system(cmd.c_str()), 0);
      for (auto& a :
           {std::string{"--tlscert"}, cert, std::string{"--tlskey"}, key})
        argv.push_back(a);
    }
    for (auto& a : {std::string{"-c"}, std::string{"aiosmtpd.handlers.Mailbox"},
                    (dir / "mail").string()})
      argv.push_back(a);
    proc = std::make_unique<test::child_process>(argv);
    for (int i = 0; i < 200 && !accepts(port); ++i)
      std::this_thread::sleep_for(25ms);
    EXPECT_TRUE(accepts(port)) << proc->output();
  }

  ~smtp_server() {
    proc.reset();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  /// The messages received so far, raw.
  std::vector<std::string> messages() {
    std::vector<std::string> out;
    auto cur = dir / "mail" / "new";
    if (!fs::exists(cur))
      return out;
    for (auto& f : fs::directory_iterator(cur)) {
      std::ifstream in{f.path()};
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }

  int port;
  fs::path dir;
  std::unique_ptr<test::child_process> proc;
};

smtp_options options_for(int port) {
  smtp_options o;
  o.host = "127.0.0.1";
  o.port = port;
  o.from = "Souk Packaging <orders@souk.test>";
  o.timeout = 5s;
  return o;
}

TEST(Notification, TheIdIsStableForACauseAndDiffersBetweenCauses) {
  auto a = notification_id("ticket.moved:t1:v3");
  EXPECT_EQ(a, notification_id("ticket.moved:t1:v3"));
  EXPECT_NE(a, notification_id("ticket.moved:t1:v4"));
  EXPECT_EQ(a.size(), 4u + 32u);
  EXPECT_EQ(a.rfind("ntf_", 0), 0u);
}

TEST(SmtpMessage, HeadersCarryTheIdAndTheBodyIsDotStuffedWithCrlf) {
  auto n = make_notification("c", "ada@example.com", "Prüfung",
                             "line 1\n.hidden\nend");
  auto m = smtp_message(n, "orders@souk.test", "souk.test");
  EXPECT_NE(m.find("Message-ID: <" + n.id + "@souk.test>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos) << m;
  EXPECT_NE(m.find("\r\nline 1\r\n..hidden\r\nend\r\n."), std::string::npos)
    << m;
  EXPECT_EQ(m.find("\n.hidden"), std::string::npos);
}

TEST(SmtpProvider, TheMessageArrivesWithRecipientSubjectAndMessageId) {
  smtp_server server;
  smtp_provider smtp{options_for(server.port)};
  auto n = make_notification("ticket.moved:t1:v3", "Ada <ada@example.com>",
                             "Your artwork is in production",
                             "Hello Ada,\nyour box goes to print.\n");
  auto r = smtp.send(n);
  ASSERT_TRUE(r) << r.error();
  auto got = server.messages();
  ASSERT_EQ(got.size(), 1u);
  auto& m = got[0];
  EXPECT_NE(m.find("X-RcptTo: ada@example.com"), std::string::npos) << m;
  EXPECT_NE(m.find("X-MailFrom: orders@souk.test"), std::string::npos) << m;
  EXPECT_NE(m.find("Subject: Your artwork is in production"),
            std::string::npos);
  EXPECT_NE(m.find("Message-ID: <" + n.id + "@souk.test>"), std::string::npos);
  EXPECT_NE(m.find("your box goes to print."), std::string::npos);
}

TEST(SmtpProvider, StartTlsUpgradesTheConnectionBeforeTheMessage) {
  smtp_server server{true};
  auto opts = options_for(server.port);
  opts.starttls = true;
  opts.verify_tls = false; // a self-signed certificate
  smtp_provider smtp{opts};
  auto r = smtp.send(make_notification("tls", "bob@example.com", "TLS", "x"));
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(server.messages().size(), 1u);
  // Verifying the same self-signed certificate fails, clearly.
  opts.verify_tls = true;
  auto refused = smtp_provider{opts}.send(
    make_notification("tls2", "bob@example.com", "TLS", "x"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("TLS handshake"), std::string::npos)
    << refused.error();
}

TEST(SmtpProvider, NoServerIsAClearErrorNamingTheServer) {
  auto port = free_port();
  smtp_provider smtp{options_for(port)};
  auto r = smtp.send(make_notification("x", "a@b.c", "s", "b"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rfind(
              "SMTP 127.0.0.1:" + std::to_string(port) + ": connect: ", 0),
            0u)
    << r.error();
}

TEST(SmtpProvider, APasswordIsNotSentWithoutTls) {
  smtp_server server;
  auto opts = options_for(server.port);
  opts.user = "shop";
  opts.password = "secret";
  auto r = smtp_provider{opts}.send(make_notification("x", "a@b.c", "s", "b"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("without TLS"), std::string::npos) << r.error();
  EXPECT_TRUE(server.messages().empty());
}

class NotificationSteps : public ::testing::Test {
protected:
  NotificationSteps()
    : conninfo(test::test_cluster::instance().fresh_database()),
      writer(
        std::make_shared<group_commit_writer>(group_commit_options{conninfo})),
      sys(cfg), appender(spawn_append_bridge(sys, writer)),
      reader(spawn_stream_reader(
        sys, [c = conninfo] { return std::make_unique<pg_event_store>(c); })),
      index(workflows::spawn_execution_index(
        sys,
        [c = conninfo] { return std::make_unique<pg_execution_index>(c); })),
      log(std::make_shared<pg_notification_log>(conninfo)),
      pool(std::make_shared<workflows::step_pool>(2)) {
    // nop
  }

  ~NotificationSteps() override {
    for (auto& a : {engine, appender, reader, index})
      if (a)
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  // A one-step workflow mailing the customer named in its input.
  void start_engine(std::shared_ptr<notification_provider> provider,
                    int tries) {
    auto n = std::make_shared<notifier>(std::move(provider), log);
    auto def
      = workflows::workflow("mail-customer")
          .step("mail", notify_step(n, pool,
                                    [](const workflows::step_context& c) {
                                      return make_notification(
                                        "mail:" + c.execution_id,
                                        "cus@example.com", "Hello",
                                        "Body " + c.input);
                                    }))
          .retry(tries, 50ms)
          .build();
    auto set = workflows::make_workflow_set({def});
    engine = workflows::spawn_workflow_engine(sys, std::move(*set), reader,
                                              appender, index);
  }

  workflows::execution_reply run(const std::string& key) {
    caf::scoped_actor self{sys};
    std::optional<workflows::execution_reply> out;
    self
      ->request(engine, 30s, wf_start_atom::value, std::string{"mail-customer"},
                key, std::string{"1"}, std::string{"test"})
      .receive([](workflows::execution_reply&) {}, [](caf::error&) {});
    self->request(engine, 30s, wf_result_atom::value, key)
      .receive([&](workflows::execution_reply& r) { out = std::move(r); },
               [&](caf::error& e) {
                 out = workflows::execution_reply{
                   entity_error{"caf", caf::to_string(e), false}};
               });
    return std::move(*out);
  }

  int recorded() {
    pqxx::connection c{conninfo};
    return pqxx::nontransaction{c}
      .exec1("SELECT count(*) FROM notifications")[0]
      .as<int>();
  }

  std::string conninfo;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::actor appender;
  caf::actor reader;
  caf::actor index;
  std::shared_ptr<pg_notification_log> log;
  std::shared_ptr<workflows::step_pool> pool;
  caf::actor engine;
};

TEST_F(NotificationSteps, TheLocalProviderRecordsEachNotificationOnce) {
  start_engine(std::make_shared<local_provider>(), 1);
  auto done = run("mail:order_1");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, workflows::execution_status::completed);
  EXPECT_EQ(recorded(), 1);
  // The same cause again (a retried workflow, a duplicate event): no copy.
  notifier again{std::make_shared<local_provider>(), log};
  auto r = again.deliver(
    make_notification("mail:mail:order_1", "cus@example.com", "Hello", "x"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r) << "already sent";
  EXPECT_EQ(recorded(), 1);
}

TEST_F(NotificationSteps, AnSmtpStepDeliversThroughTheWorkflow) {
  smtp_server server;
  start_engine(std::make_shared<smtp_provider>(options_for(server.port)), 1);
  auto done = run("mail:order_2");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, workflows::execution_status::completed)
    << done->error;
  auto got = server.messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("Message-ID: <" + notification_id("mail:mail:order_2")),
            std::string::npos);
  EXPECT_EQ(recorded(), 1);
}

TEST_F(NotificationSteps, WithTheSmtpServerDownTheStepRetriesThenFailsClearly) {
  auto port = free_port();
  start_engine(std::make_shared<smtp_provider>(options_for(port)), 3);
  auto done = run("mail:order_3");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, workflows::execution_status::failed);
  EXPECT_EQ(done->find("mail")->attempts, 3);
  EXPECT_NE(done->error.find("step 'mail' failed after 3 tries: SMTP 127.0.0.1:"
                             + std::to_string(port) + ": connect: "),
            std::string::npos)
    << done->error;
  EXPECT_EQ(recorded(), 0);
}

} // namespace
} // namespace souk::notifications
