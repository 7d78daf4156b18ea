#include "actors/notifications/smtp_provider.hpp"

#include <ctime>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <openssl/evp.h>

namespace souk::notifications {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

std::string address_of(const std::string& mailbox) {
  auto lt = mailbox.find('<');
  auto gt = mailbox.find('>', lt == std::string::npos ? 0 : lt);
  if (lt != std::string::npos && gt != std::string::npos)
    return mailbox.substr(lt + 1, gt - lt - 1);
  return mailbox;
}

std::string domain_of(const std::string& mailbox) {
  auto addr = address_of(mailbox);
  auto at = addr.rfind('@');
  return at == std::string::npos ? "localhost" : addr.substr(at + 1);
}

std::string base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                           reinterpret_cast<const unsigned char*>(in.data()),
                           static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c == '\r' || c == '\n')
      return false;
  return true;
}

// RFC 2047 for a header with non-ASCII text; CR and LF never reach a header.
std::string header_text(std::string_view s) {
  if (is_ascii(s))
    return std::string{s};
  std::string clean;
  for (char c : s)
    clean += (c == '\r' || c == '\n') ? ' ' : c;
  return "=?UTF-8?B?" + base64(clean) + "?=";
}

std::string rfc5322_date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

bool safe_address(std::string_view a) {
  return !a.empty() && a.find_first_of("\r\n<>") == std::string_view::npos;
}

// One SMTP conversation with a deadline for all of it.
class session {
public:
  session(const smtp_options& opts)
    : opts_(opts), ssl_(asio::ssl::context::tls_client), stream_(ioc_, ssl_),
      deadline_(std::chrono::steady_clock::now() + opts.timeout) {
    // nop
  }

  std::optional<std::string> run(const notification& n) {
    auto where = "SMTP " + opts_.host + ":" + std::to_string(opts_.port) + ": ";
    if (!safe_address(address_of(n.to))
        || n.to.find_first_of("\r\n") != std::string::npos)
      return "bad recipient address '" + n.to + "'";
    tcp::resolver resolver{ioc_};
    error_code ec;
    auto endpoints
      = resolver.resolve(opts_.host, std::to_string(opts_.port), ec);
    if (ec)
      return where + "resolve: " + ec.message();
    if (auto err = wait([&](auto h) {
          asio::async_connect(
            stream_.next_layer(), endpoints,
            [h](error_code e, const tcp::endpoint&) mutable { h(e); });
        }))
      return where + "connect: " + *err;
    auto helo = domain_of(opts_.from);
    auto steps = [&]() -> std::optional<std::string> {
      if (auto e = expect(220, ""))
        return e;
      if (auto e = expect(250, "EHLO " + helo))
        return e;
      bool credentials = !opts_.user.empty() || !opts_.password.empty();
      if (opts_.starttls || (credentials && !opts_.allow_plain_auth)) {
        if (last_.find("STARTTLS") == std::string::npos)
          return std::string{credentials
                               ? "the server does not offer STARTTLS; "
                                 "refusing to send a password without TLS"
                               : "the server does not offer STARTTLS"};
        if (auto e = expect(220, "STARTTLS"))
          return e;
        // Whatever followed the 220 in the same read was sent in plaintext
        // by the server or by someone on the path: replies to commands we
        // are about to send over TLS must not come from it.
        buf_.consume(buf_.size());
        if (auto e = handshake())
          return e;
        if (auto e = expect(250, "EHLO " + helo))
          return e;
      }
      if (!opts_.user.empty()) {
        if (!tls_ && !opts_.allow_plain_auth)
          return std::string{"refusing to send a password without TLS"};
        std::string creds;
        creds += '\0';
        creds += opts_.user;
        creds += '\0';
        creds += opts_.password;
        if (auto e = expect(235, "AUTH PLAIN " + base64(creds), "AUTH PLAIN"))
          return e;
      }
      if (auto e = expect(250, "MAIL FROM:<" + address_of(opts_.from) + ">"))
        return e;
      if (auto e = expect(250, "RCPT TO:<" + address_of(n.to) + ">"))
        return e;
      if (auto e = expect(354, "DATA"))
        return e;
      if (auto e = expect(250, smtp_message(n, opts_.from, helo), "message"))
        return e;
      expect(221, "QUIT"); // the message is accepted; QUIT is a courtesy
      return std::nullopt;
    }();
    if (steps)
      return where + *steps;
    return std::nullopt;
  }

private:
  // Starts `start(handler)` and runs the I/O until it finished or the
  // deadline passed (then the socket is closed).
  template <class Start>
  std::optional<std::string> wait(Start start) {
    std::optional<error_code> result;
    start([&result](error_code e) { result = e; });
    ioc_.restart();
    ioc_.run_until(deadline_);
    if (!result) {
      error_code ignored;
      stream_.next_layer().close(ignored);
      ioc_.restart();
      ioc_.run();
      return std::string{"timed out"};
    }
    if (*result)
      return result->message();
    return std::nullopt;
  }

  std::optional<std::string> write(const std::string& text) {
    return wait([&](auto h) {
      auto done = [h](error_code e, std::size_t) mutable { h(e); };
      if (tls_)
        asio::async_write(stream_, asio::buffer(text), done);
      else
        asio::async_write(stream_.next_layer(), asio::buffer(text), done);
    });
  }

  // Reads one reply (all its lines); its code, or why none came.
  std::optional<std::string> read_reply(int& code) {
    last_.clear();
    for (;;) {
      if (auto err = wait([&](auto h) {
            auto done = [h](error_code e, std::size_t) mutable { h(e); };
            if (tls_)
              asio::async_read_until(stream_, buf_, "\r\n", done);
            else
              asio::async_read_until(stream_.next_layer(), buf_, "\r\n", done);
          }))
        return err;
      std::istream in{&buf_};
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      last_ += line + "\n";
      if (line.size() < 3)
        return "malformed reply '" + line + "'";
      if (line.size() == 3 || line[3] == ' ') {
        code = std::atoi(line.substr(0, 3).c_str());
        return std::nullopt;
      }
    }
  }

  // Sends `command` (none for the greeting) and expects reply `code`.
  std::optional<std::string> expect(int code, const std::string& command,
                                    std::string label = "") {
    if (label.empty())
      label = command.empty() ? "greeting" : command;
    if (!command.empty())
      if (auto err = write(command + "\r\n"))
        return label + ": " + *err;
    int got = 0;
    if (auto err = read_reply(got))
      return label + ": " + *err;
    if (got != code && !(code == 250 && got == 251)) {
      auto text = last_;
      while (!text.empty() && text.back() == '\n')
        text.pop_back();
      return label + ": server answered " + text;
    }
    return std::nullopt;
  }

  std::optional<std::string> handshake() {
    if (opts_.verify_tls) {
      ssl_.set_default_verify_paths();
      stream_.set_verify_mode(asio::ssl::verify_peer);
      stream_.set_verify_callback(
        asio::ssl::host_name_verification(opts_.host));
    } else {
      stream_.set_verify_mode(asio::ssl::verify_none);
    }
    SSL_set_tlsext_host_name(stream_.native_handle(), opts_.host.c_str());
    if (auto err = wait([&](auto h) {
          stream_.async_handshake(asio::ssl::stream_base::client,
                                  [h](error_code e) mutable { h(e); });
        }))
      return "TLS handshake: " + *err;
    tls_ = true;
    return std::nullopt;
  }

  const smtp_options& opts_;
  asio::io_context ioc_;
  asio::ssl::context ssl_;
  asio::ssl::stream<tcp::socket> stream_;
  asio::streambuf buf_;
  std::chrono::steady_clock::time_point deadline_;
  bool tls_ = false;
  std::string last_;
};

} // namespace

std::string smtp_message(const notification& n, const std::string& from,
                         const std::string& domain) {
  std::string out;
  out += "From: " + header_text(from) + "\r\n";
  out += "To: " + header_text(n.to) + "\r\n";
  out += "Subject: " + header_text(n.subject) + "\r\n";
  out += "Message-ID: <" + n.id + "@" + domain + ">\r\n";
  out += "Date: " + rfc5322_date() + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  // Body: CRLF line ends; a line starting with "." gets another (RFC 5321
  // 4.5.2) so it cannot end the message early.
  bool line_start = true;
  for (size_t i = 0; i < n.body.size(); ++i) {
    char c = n.body[i];
    if (c == '\r')
      continue;
    if (line_start && c == '.')
      out += '.';
    if (c == '\n') {
      out += "\r\n";
      line_start = true;
      continue;
    }
    out += c;
    line_start = false;
  }
  if (!line_start)
    out += "\r\n";
  out += ".";
  return out;
}

smtp_provider::smtp_provider(smtp_options opts) : opts_(std::move(opts)) {
  // nop
}

expected<bool, std::string> smtp_provider::send(const notification& n) {
  session s{opts_};
  if (auto err = s.run(n))
    return *err;
  return true;
}

} // namespace souk::notifications
