// Notifications: the local provider on a real PostgreSQL, the SMTP provider
// against a real SMTP server on loopback (Debian's aiosmtpd), and both as
// workflow steps.
#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <pqxx/pqxx>

#include "actors/checkout/order_confirmation.hpp"
#include "actors/notifications/message_template.hpp"
#include "actors/notifications/notifier.hpp"
#include "actors/notifications/smtp_provider.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "persistence/pg_notification_log.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::notifications {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test::free_port;
using test::self_signed_certificate;
using test::smtp_server;
using test::temp_dir;

// A listening socket on 127.0.0.1 and a free port, for the scripted
// servers below; SIGPIPE ignored (a client that hangs up must not kill the
// test binary).
int listen_on_loopback(int backlog, int& port) {
  std::signal(SIGPIPE, SIG_IGN);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd, backlog), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

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
    listener_ = listen_on_loopback(1, port);
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

// `p.send(n)` with no point of no return to watch: true when accepted.
template <class Provider>
expected<bool, std::string> send(Provider&& p, const notification& n) {
  auto failed = p.send(n, [] { return std::optional<std::string>{}; });
  if (failed)
    return failed->message;
  return true;
}

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

// Every line of `m` (CRLF line ends), for checks on line lengths.
std::vector<std::string> lines_of(const std::string& m) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < m.size();) {
    auto end = m.find("\r\n", at);
    if (end == std::string::npos)
      end = m.size();
    out.push_back(m.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

TEST(MessageTemplate, ValuesAreHtmlEscapedInTheHtmlAndLeftAsTheyAreInText) {
  message_template t{"t", "For {{who}}", "Hi {{who}}.\n",
                     "<p title=\"{{who}}\">Hi <b>{{who}}</b>.</p>"};
  auto r = render(t, {{"who", "Tom & \"Jerry\" <i>'s</i>"}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->subject, "For Tom & \"Jerry\" <i>'s</i>");
  EXPECT_EQ(r->body, "Hi Tom & \"Jerry\" <i>'s</i>.\n");
  const std::string escaped
    = "Tom &amp; &quot;Jerry&quot; &lt;i&gt;&#39;s&lt;/i&gt;";
  EXPECT_EQ(r->html,
            "<p title=\"" + escaped + "\">Hi <b>" + escaped + "</b>.</p>");
  // No HTML in the template, none in the message.
  auto plain = render({"t", "s", "b"}, {});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->html, "");
}

TEST(MessageTemplate, AnUnknownOrUnclosedFieldInTheHtmlIsAnError) {
  auto unknown = render({"t", "Order {{n}}", "Order {{n}}", "<p>{{colour}}"},
                        {{"n", "1"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), "template t: no value for {{colour}}");
  auto open = render({"t", "", "", "<p>{{n</p>"}, {{"n", "1"}});
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error(), "template t: unclosed {{");
  // The order confirmation checks its template's HTML at start too.
  auto pool = std::make_shared<workflows::step_pool>(1);
  EXPECT_THROW(checkout::order_confirmation_workflow(
                 nullptr, pool,
                 {"order-confirmation", "#{{display_id}}", "{{total}}",
                  "<p>{{colour}}</p>"}),
               std::invalid_argument);
}

TEST(SmtpMessage, WithHtmlTheBodyIsMultipartAlternativeTextFirstThenHtml) {
  auto n = make_notification("c", "ada@example.com", "Hi", "text\n.dot\n",
                             "<p>html</p>\n.x");
  auto m = smtp_message(n, "orders@souk.test", "souk.test", "=_b");
  EXPECT_NE(m.find("Message-ID: <" + n.id + "@souk.test>\r\n"),
            std::string::npos);
  // Each part keeps its line ends: the CRLF before a delimiter is the
  // delimiter's. Lines starting with "." are stuffed in both parts.
  EXPECT_TRUE(
    m.ends_with("\r\nMIME-Version: 1.0\r\n"
                "Content-Type: multipart/alternative; boundary=\"=_b\"\r\n"
                "Content-Transfer-Encoding: 8bit\r\n"
                "\r\n"
                "--=_b\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n"
                "\r\n"
                "text\r\n"
                "..dot\r\n"
                "\r\n"
                "--=_b\r\n"
                "Content-Type: text/html; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n"
                "\r\n"
                "<p>html</p>\r\n"
                "..x\r\n"
                "--=_b--\r\n"
                "."))
    << m;
}

TEST(SmtpMessage, APartWithALineOver998BytesGoesQuotedPrintable) {
  // A dot where a soft line break puts it at the start of a line, a
  // two-byte character, a space before a line end.
  auto long_line = std::string(75, 'a') + ".b" + std::string(600, 'c') + "é"
                   + std::string(600, 'd') + " \n";
  auto n = make_notification("c", "ada@example.com", "Long", long_line,
                             "<p>short</p>\n");
  auto m = smtp_message(n, "orders@souk.test", "souk.test", "=_b");
  auto text = m.substr(0, m.find("--=_b\r\nContent-Type: text/html"));
  EXPECT_NE(text.find("Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                      + std::string(75, 'a') + "=\r\n..b"),
            std::string::npos)
    << m;
  EXPECT_NE(text.find("=C3=A9"), std::string::npos) << m;
  EXPECT_NE(text.find("d=20\r\n"), std::string::npos) << m;
  // 76 characters a line, and the dot that stuffing adds (the server
  // takes it off again).
  for (auto& line : lines_of(text.substr(text.find("\r\n\r\n") + 4)))
    EXPECT_LE(line.size() - (line.rfind("..", 0) == 0), 76u) << line;
  // The HTML fits: it stays 8bit, and so does the whole.
  EXPECT_NE(m.find("Content-Type: text/html; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\n\r\n<p>short</p>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("boundary=\"=_b\"\r\nContent-Transfer-Encoding: 8bit\r\n"),
            std::string::npos);
}

TEST(SmtpMessage, PlainTextAloneIsOneTextPlainPartAsBefore) {
  auto n = make_notification("c", "ada@example.com", "Plain", "Grüße\n");
  auto m = smtp_message(n, "orders@souk.test", "souk.test");
  EXPECT_TRUE(m.ends_with("\r\nMIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: 8bit\r\n"
                          "\r\n"
                          "Grüße\r\n"
                          "."))
    << m;
  EXPECT_EQ(m.find("multipart"), std::string::npos);
}

TEST(MimeBoundary, IsFreshRandomBitsBehindAPrefixQuotedPrintableNeverHas) {
  auto a = mime_boundary();
  auto b = mime_boundary();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("=_souk_", 0), 0u) << *a;
  EXPECT_EQ(a->size(), 7u + 32u);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef", 7), std::string::npos);
}

TEST(SmtpProvider, TheMessageArrivesWithRecipientSubjectAndMessageId) {
  smtp_server server;
  smtp_provider smtp{options_for(server.port)};
  auto n = make_notification("ticket.moved:t1:v3", "Ada <ada@example.com>",
                             "Your artwork is in production",
                             "Hello Ada,\nyour box goes to print.\n");
  auto r = send(smtp, n);
  ASSERT_TRUE(r) << r.error();
  auto got = server.messages();
  ASSERT_EQ(got.size(), 1u);
  auto& m = got[0];
  EXPECT_EQ(m.rcpt_to, "ada@example.com") << m.raw;
  EXPECT_EQ(m.mail_from, "orders@souk.test") << m.raw;
  EXPECT_EQ(m.subject, "Your artwork is in production");
  EXPECT_EQ(m.message_id, "<" + n.id + "@souk.test>");
  EXPECT_EQ(m.text, "Hello Ada,\nyour box goes to print.\n");
}

// What a real server stores, read by Python's e-mail package: both parts
// whole, in order, through 8bit and quoted-printable.
TEST(SmtpProvider, AnHtmlMessageArrivesAsMultipartWithBothPartsIntact) {
  smtp_server server;
  smtp_provider smtp{options_for(server.port)};
  auto long_line = std::string(75, 'a') + ".b" + std::string(500, 'c')
                   + "Grüße ✓" + std::string(800, 'd') + "\n";
  auto text = "Grüße, Zoë ✓\n.a line starting with a dot\n" + long_line
              + "..two dots\nend\n";
  auto html = "<p>Grüße, Zoë &amp; ✓</p>\n.dot\n<p>short</p>\n";
  auto n = make_notification("html:1", "Zoe <zoe@example.com>", "Bestätigung",
                             text, html);
  auto r = send(smtp, n);
  ASSERT_TRUE(r) << r.error();
  auto got = server.messages();
  ASSERT_EQ(got.size(), 1u);
  auto& m = got[0];
  EXPECT_EQ(m.content_type, "multipart/alternative") << m.raw;
  ASSERT_EQ(m.parts.size(), 2u) << m.raw;
  EXPECT_EQ(m.parts[0].content_type, "text/plain");
  EXPECT_EQ(m.parts[0].transfer_encoding, "quoted-printable");
  EXPECT_EQ(m.parts[0].content, text) << m.raw;
  EXPECT_EQ(m.parts[1].content_type, "text/html");
  EXPECT_EQ(m.parts[1].transfer_encoding, "8bit");
  EXPECT_EQ(m.parts[1].content, html) << m.raw;
  EXPECT_EQ(m.subject, "Bestätigung");
  EXPECT_EQ(m.to, "Zoe <zoe@example.com>");
  EXPECT_EQ(m.rcpt_to, "zoe@example.com");
  EXPECT_EQ(m.message_id, "<" + n.id + "@souk.test>");
}

TEST(SmtpProvider, APlainTextMessageStaysOnePartAndALongLineArrivesWhole) {
  smtp_server server;
  smtp_provider smtp{options_for(server.port)};
  auto short_text = std::string{"Grüße\n.dot\n"};
  auto long_text = short_text + std::string(1200, 'x') + "\n";
  ASSERT_TRUE(send(
    smtp, make_notification("plain:1", "a@example.com", "Short", short_text)));
  auto r = send(
    smtp, make_notification("plain:2", "a@example.com", "Long", long_text));
  ASSERT_TRUE(r) << r.error();
  auto got = server.messages();
  ASSERT_EQ(got.size(), 2u);
  for (auto& m : got) {
    EXPECT_EQ(m.content_type, "text/plain") << m.raw;
    ASSERT_EQ(m.parts.size(), 1u) << m.raw;
    EXPECT_EQ(m.html, "");
  }
  EXPECT_EQ(got[0].parts[0].transfer_encoding, "8bit");
  EXPECT_EQ(got[0].text, short_text) << got[0].raw;
  EXPECT_EQ(got[1].parts[0].transfer_encoding, "quoted-printable");
  EXPECT_EQ(got[1].text, long_text) << got[1].raw;
}

TEST(SmtpProvider, StartTlsUpgradesTheConnectionBeforeTheMessage) {
  smtp_server server{true};
  auto opts = options_for(server.port);
  opts.starttls = true;
  opts.verify_tls = false; // a self-signed certificate
  smtp_provider smtp{opts};
  auto r = send(smtp, make_notification("tls", "bob@example.com", "TLS", "x"));
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(server.messages().size(), 1u);
  // Verifying the same self-signed certificate fails, clearly.
  opts.verify_tls = true;
  auto refused = send(smtp_provider{opts},
                      make_notification("tls2", "bob@example.com", "TLS", "x"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("TLS handshake"), std::string::npos)
    << refused.error();
}

TEST(SmtpProvider, NoServerIsAClearErrorNamingTheServer) {
  auto port = free_port();
  smtp_provider smtp{options_for(port)};
  auto r = send(smtp, make_notification("x", "a@b.c", "s", "b"));
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
  auto r = send(smtp_provider{opts}, make_notification("x", "a@b.c", "s", "b"));
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
  auto r = send(smtp_provider{opts},
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
  auto r = send(smtp_provider{opts},
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
  auto r = send(smtp_provider{opts},
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
  auto r = send(smtp_provider{opts},
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
    start_engine(
      workflows::workflow("mail-customer")
        .step("mail", notify_step(n, pool,
                                  [](const workflows::step_context& c) {
                                    return make_notification(
                                      "mail:" + c.execution_id,
                                      "cus@example.com", "Hello",
                                      "Body " + c.input);
                                  }))
        .retry(tries, 50ms)
        .build());
  }

  void start_engine(workflows::workflow_definition def) {
    auto set = workflows::make_workflow_set({std::move(def)});
    engine = workflows::spawn_workflow_engine(sys, std::move(*set), reader,
                                              appender, index);
  }

  workflows::execution_reply run(const std::string& key,
                                 const std::string& workflow = "mail-customer",
                                 const std::string& input = "1") {
    caf::scoped_actor self{sys};
    std::optional<workflows::execution_reply> out;
    self
      ->request(engine, 30s, wf_start_atom::value, workflow, key, input,
                std::string{"test"})
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
  EXPECT_EQ(*r, delivery::sent_before);
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
  EXPECT_EQ(got[0].message_id,
            "<" + notification_id("mail:mail:order_2") + "@souk.test>");
  EXPECT_EQ(recorded(), 1);
}

TEST_F(NotificationSteps, TheOrderConfirmationArrivesAsTextAndHtml) {
  smtp_server server;
  auto n = std::make_shared<notifier>(
    std::make_shared<smtp_provider>(options_for(server.port)), log);
  start_engine(checkout::order_confirmation_workflow(
    n, pool, checkout::confirmation_message()));
  auto done = run("order-confirmation:order-o1", "order-confirmation",
                  R"({"order_id":"o1","email":"ada@example.com",)"
                  R"("display_id":7,"total":"12.95 eur"})");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, workflows::execution_status::completed)
    << done->error;
  auto got = server.wait_for(1, 30s);
  ASSERT_EQ(got.size(), 1u);
  auto& m = got[0];
  EXPECT_EQ(m.subject, "Your order #7 is confirmed");
  EXPECT_EQ(m.content_type, "multipart/alternative") << m.raw;
  EXPECT_NE(m.text.find("Thank you for your order #7.\nTotal: 12.95 eur\n"),
            std::string::npos)
    << m.raw;
  EXPECT_NE(m.html.find("<strong>#7</strong>"), std::string::npos) << m.raw;
  EXPECT_NE(m.html.find("<strong>12.95 eur</strong>"), std::string::npos)
    << m.raw;
  EXPECT_EQ(m.message_id,
            "<" + notification_id("order.placed:o1") + "@souk.test>");
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

// A plain SMTP server that answers the "." ending each message as told,
// connection by connection: a reply ("451 ..."), or "" to hang up without
// one (the answer lost after the point of no return). `dots()` counts the
// messages that reached their "."; after the script, it hangs up at once.
class scripted_smtp_server {
public:
  explicit scripted_smtp_server(std::vector<std::string> at_dot)
    : at_dot_(std::move(at_dot)) {
    listener_ = listen_on_loopback(4, port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~scripted_smtp_server() {
    ::shutdown(listener_, SHUT_RDWR);
    finish();
    ::close(listener_);
  }

  int dots() const { return dots_; }

  /// Waits until every connection of the script was handled.
  void finish() {
    if (thread_.joinable())
      thread_.join();
  }

  int port = 0;

private:
  void serve() {
    for (auto& reply : at_dot_) {
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0)
        return;
      auto say = [fd](const std::string& t) {
        return ::write(fd, t.data(), t.size()) == ssize_t(t.size());
      };
      auto line = [fd]() -> std::optional<std::string> {
        std::string out;
        char c = 0;
        while (::read(fd, &c, 1) == 1) {
          if (c == '\n')
            return out.ends_with('\r') ? out.substr(0, out.size() - 1) : out;
          out += c;
        }
        return std::nullopt;
      };
      say("220 scripted.test ESMTP\r\n");
      while (auto cmd = line()) {
        if (*cmd == "DATA") {
          say("354 go on\r\n");
          bool ended = false;
          while (auto body = line())
            if ((ended = *body == "."))
              break;
          if (!ended) // the client hung up within DATA: no message
            break;
          ++dots_;
          if (reply.empty() || !say(reply + "\r\n"))
            break;
        } else if (*cmd == "QUIT") {
          say("221 bye\r\n");
          break;
        } else {
          say("250 ok\r\n");
        }
      }
      ::close(fd);
    }
  }

  std::vector<std::string> at_dot_;
  std::atomic<int> dots_ = 0;
  int listener_ = -1;
  std::thread thread_;
};

class NotifierClaims : public ::testing::Test {
protected:
  NotifierClaims()
    : conninfo(test::test_cluster::instance().fresh_database()),
      log(std::make_shared<pg_notification_log>(conninfo)) {
    // nop
  }

  notification message() const {
    return make_notification("order.placed:o9", "ada@example.com", "Hi",
                             "Hello\n");
  }

  std::string conninfo;
  std::shared_ptr<pg_notification_log> log;
};

TEST_F(NotifierClaims, AMessageRefusedAtItsEndIsReleasedAndSentOnTheRetry) {
  scripted_smtp_server server{{"451 4.3.0 try again later", "250 queued"}};
  notifier n{std::make_shared<smtp_provider>(options_for(server.port)), log};
  auto first = n.deliver(message());
  ASSERT_FALSE(first);
  EXPECT_NE(first.error().find("message: server answered 451"),
            std::string::npos)
    << first.error();
  EXPECT_EQ(*log->state(message().id), log_state::none) << "claim released";
  auto second = n.deliver(message());
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(*second, delivery::sent);
  EXPECT_EQ(*log->state(message().id), log_state::sent);
  EXPECT_EQ(server.dots(), 2);
  EXPECT_EQ(*log->in_doubt(), 0);
}

TEST_F(NotifierClaims, AnAnswerLostAfterTheEndLeavesTheClaimInDoubtNotResent) {
  scripted_smtp_server server{{"", "250 queued"}};
  notifier n{std::make_shared<smtp_provider>(options_for(server.port)), log};
  auto first = n.deliver(message());
  ASSERT_FALSE(first);
  EXPECT_EQ(*log->state(message().id), log_state::claimed);
  auto again = n.deliver(message());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(*again, delivery::in_doubt) << "never a second copy";
  EXPECT_EQ(server.dots(), 1);
  EXPECT_EQ(*log->in_doubt(), 1);
}

TEST_F(NotifierClaims, ARefusedClaimAbortsTheMessageBeforeItsEnd) {
  {
    // Nothing after the claim's refusal reaches the server: no ".".
    scripted_smtp_server scripted{{"250 queued"}};
    auto failed = smtp_provider{options_for(scripted.port)}.send(
      message(), [] { return std::optional<std::string>{"no"}; });
    ASSERT_TRUE(failed);
    scripted.finish(); // the server has seen the connection end
    EXPECT_EQ(scripted.dots(), 0);
  }
  smtp_server server; // a real one: it drops a DATA that never ended
  smtp_provider smtp{options_for(server.port)};
  int called = 0;
  auto failed = smtp.send(message(), [&]() -> std::optional<std::string> {
    ++called;
    return "the log is down";
  });
  ASSERT_TRUE(failed);
  EXPECT_FALSE(failed->in_doubt);
  EXPECT_NE(failed->message.find("the log is down"), std::string::npos);
  EXPECT_EQ(called, 1);
  EXPECT_TRUE(server.messages().empty());
  // The claim is written at the commit point, and only there.
  notifier n{std::make_shared<smtp_provider>(options_for(server.port)),
             log,
             {.at_commit =
                [&](const notification& m) {
                  EXPECT_EQ(*log->state(m.id), log_state::none);
                },
              .after_send =
                [&](const notification& m) {
                  EXPECT_EQ(*log->state(m.id), log_state::claimed);
                  EXPECT_EQ(server.messages().size(), 1u);
                }}};
  auto sent = n.deliver(message());
  ASSERT_TRUE(sent) << sent.error();
  EXPECT_EQ(*sent, delivery::sent);
  EXPECT_EQ(*log->state(message().id), log_state::sent);
}

} // namespace
} // namespace souk::notifications
