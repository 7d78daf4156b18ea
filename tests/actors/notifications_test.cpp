// Notifications: the local provider on a real PostgreSQL, the SMTP provider
// against a real SMTP server on loopback (Debian's aiosmtpd), and both as
// workflow steps.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>
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

// A fresh self-signed certificate for 127.0.0.1 in `dir`: (cert, key).
std::pair<std::string, std::string>
self_signed_certificate(const fs::path& dir) {
  auto cert = (dir / "cert.pem").string();
  auto key = (dir / "key.pem").string();
  auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1"
             " -subj /CN=127.0.0.1 -keyout "
             + key + " -out " + cert + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return {cert, key};
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
      auto [cert, key] = self_signed_certificate(dir);
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

/// A scripted SMTP server for what a real one will not do: one connection,
/// on a raw socket in a thread of its own. It offers STARTTLS and answers
/// it with `after_starttls` in one write; then, with `tls`, it speaks TLS
/// (a self-signed certificate) and answers a whole message, or, without,
/// it goes on in plaintext. `log()` lists what it read, "plain: ..." before
/// the upgrade and "tls: ..." after.
class fake_smtp_server {
public:
  fake_smtp_server(std::string after_starttls, bool tls)
    : dir_(temp_dir("souk-fake-smtp")),
      after_starttls_(std::move(after_starttls)), tls_(tls) {
    std::tie(cert_, key_) = self_signed_certificate(dir_);
    // A client that hangs up must not kill the test binary with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(
      ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~fake_smtp_server() {
    ::shutdown(listener_, SHUT_RDWR); // wakes an accept still waiting
    finish();
    ::close(listener_);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  /// What the server read, once the client is done with it.
  const std::vector<std::string>& log() {
    finish();
    return log_;
  }

  int port = 0;

private:
  // One line without its CRLF, read a byte at a time so that nothing
  // after it is consumed; nullopt when the peer is gone.
  template <class Read>
  static std::optional<std::string> line(Read read) {
    std::string out;
    char c = 0;
    while (read(&c)) {
      if (c == '\n') {
        if (!out.empty() && out.back() == '\r')
          out.pop_back();
        return out;
      }
      out += c;
    }
    return std::nullopt;
  }

  void finish() {
    if (thread_.joinable())
      thread_.join();
  }

  void serve() {
    int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0)
      return;
    auto send_plain = [fd](const std::string& s) {
      return ::write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    };
    auto read_plain = [fd](char* c) { return ::read(fd, c, 1) == 1; };
    send_plain("220 fake.test ESMTP\r\n");
    std::optional<std::string> cmd;
    while ((cmd = line(read_plain))) {
      log_.push_back("plain: " + *cmd);
      if (cmd->rfind("EHLO", 0) == 0)
        send_plain("250-fake.test\r\n250 STARTTLS\r\n");
      else if (*cmd == "STARTTLS")
        break;
      else
        send_plain("503 STARTTLS first\r\n");
    }
    if (cmd && !tls_) {
      // No TLS at all: plaintext that pretends the upgrade happened.
      send_plain(after_starttls_ + "250 plaintext\r\n");
      while ((cmd = line(read_plain))) {
        log_.push_back("plain: " + *cmd);
        send_plain("250 ok\r\n");
      }
    } else if (cmd) {
      send_plain(after_starttls_);
      speak_tls(fd);
    }
    ::close(fd);
  }

  void speak_tls(int fd) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_file(ctx, cert_.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, key_.c_str(), SSL_FILETYPE_PEM);
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) == 1) {
      auto send = [ssl](const std::string& s) {
        SSL_write(ssl, s.data(), static_cast<int>(s.size()));
      };
      auto read = [ssl](char* c) { return SSL_read(ssl, c, 1) == 1; };
      while (auto cmd = line(read)) {
        log_.push_back("tls: " + *cmd);
        if (cmd->rfind("EHLO", 0) == 0) {
          send("250-fake.test\r\n250 AUTH PLAIN\r\n");
        } else if (cmd->rfind("AUTH PLAIN ", 0) == 0) {
          send("235 authenticated\r\n");
        } else if (cmd->rfind("MAIL FROM:", 0) == 0
                   || cmd->rfind("RCPT TO:", 0) == 0) {
          send("250 ok\r\n");
        } else if (*cmd == "DATA") {
          send("354 go on\r\n");
          while (auto body = line(read))
            if (*body == ".")
              break;
          log_.push_back("tls: (message)");
          send("250 queued\r\n");
        } else if (*cmd == "QUIT") {
          send("221 bye\r\n");
          break;
        } else {
          send("500 unknown\r\n");
        }
      }
      SSL_shutdown(ssl);
    } else {
      log_.push_back("tls: handshake failed");
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
  }

  fs::path dir_;
  std::string after_starttls_;
  bool tls_;
  std::string cert_;
  std::string key_;
  int listener_ = -1;
  std::vector<std::string> log_;
  std::thread thread_;
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

// RFC 3207 section 6: the STARTTLS command-injection class. A "250" sent in
// the same packet as the "220" to STARTTLS must not be taken as the answer
// to the EHLO sent over TLS: every later reply would be off by one.
TEST(SmtpProvider, BytesAfterTheStartTlsReplyAreDroppedNotReadAsTlsReplies) {
  fake_smtp_server server{"220 ready\r\n250 injected\r\n", true};
  auto opts = options_for(server.port);
  opts.starttls = true;
  opts.verify_tls = false; // a self-signed certificate
  opts.user = "shop";
  opts.password = "secret";
  auto r = smtp_provider{opts}.send(
    make_notification("inj", "bob@example.com", "Injected", "x"));
  ASSERT_TRUE(r) << r.error();
  auto log = server.log();
  std::vector<std::string> over_tls;
  for (auto& l : log)
    if (l.rfind("tls: ", 0) == 0)
      over_tls.push_back(l.substr(0, l.find(' ', 5)));
  EXPECT_EQ(over_tls, (std::vector<std::string>{
                        "tls: EHLO", "tls: AUTH", "tls: MAIL", "tls: RCPT",
                        "tls: DATA", "tls: (message)", "tls: QUIT"}))
    << ::testing::PrintToString(log);
}

TEST(SmtpProvider, AServerThatStaysInPlaintextAfterStartTlsGetsNothingMore) {
  fake_smtp_server server{"220 ready\r\n250 injected\r\n", false};
  auto opts = options_for(server.port);
  opts.starttls = true;
  opts.verify_tls = false;
  opts.user = "shop";
  opts.password = "secret";
  auto r = smtp_provider{opts}.send(
    make_notification("plain", "bob@example.com", "Plain", "x"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("TLS handshake"), std::string::npos) << r.error();
  // The handshake bytes may show up as "lines"; no command does.
  int ehlo = 0;
  for (auto& l : server.log()) {
    ehlo += l.rfind("plain: EHLO", 0) == 0;
    EXPECT_NE(l.rfind("plain: AUTH", 0), 0u) << l;
    EXPECT_NE(l.rfind("plain: MAIL", 0), 0u) << l;
  }
  EXPECT_EQ(ehlo, 1);
}

TEST(SmtpProvider, APasswordMakesStartTlsRequiredWithoutBeingAskedFor) {
  fake_smtp_server server{"220 ready\r\n", true};
  auto opts = options_for(server.port);
  opts.verify_tls = false; // starttls left false
  opts.user = "shop";
  opts.password = "secret";
  auto r = smtp_provider{opts}.send(
    make_notification("auth", "bob@example.com", "Auth", "x"));
  ASSERT_TRUE(r) << r.error();
  auto log = server.log();
  ASSERT_GE(log.size(), 4u) << ::testing::PrintToString(log);
  EXPECT_EQ(log[1], "plain: STARTTLS");
  EXPECT_EQ(log[3].rfind("tls: AUTH PLAIN ", 0), 0u)
    << ::testing::PrintToString(log);
  for (auto& l : log) {
    if (l.find("AUTH") != std::string::npos) {
      EXPECT_EQ(l.rfind("tls: ", 0), 0u) << "in plaintext: " << l;
    }
  }
}

TEST(SmtpProvider, APasswordUpgradesARealServerOfferingStartTls) {
  smtp_server server{true};
  auto opts = options_for(server.port);
  opts.verify_tls = false; // starttls left false
  opts.user = "shop";
  opts.password = "secret";
  auto r = smtp_provider{opts}.send(
    make_notification("auth-real", "bob@example.com", "Auth", "x"));
  // aiosmtpd as started here takes no logins: the AUTH is refused, but only
  // after the upgrade (no "without TLS").
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("AUTH PLAIN: server answered"), std::string::npos)
    << r.error();
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
                 out = workflows::execution_reply{entity_error{
                   runtime_errc::unavailable, caf::to_string(e), true}};
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
