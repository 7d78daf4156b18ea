#include "actors/notifications/smtp_provider.hpp"

#include <cassert>
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
#include <openssl/rand.h>

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

// `text` (LF line ends) with CRLF line ends.
std::string crlf_lines(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\r\n";
    else
      out += c;
  }
  return out;
}

// True when every line of `text` (LF line ends) fits in the 998 bytes RFC
// 5322 2.1.1 allows and none holds a NUL: then it can go as 8bit.
bool fits_8bit(std::string_view text) {
  if (text.find('\0') != std::string_view::npos)
    return false;
  std::size_t at = 0;
  for (;;) {
    auto end = text.find('\n', at);
    if ((end == std::string_view::npos ? text.size() : end) - at > 998)
      return false;
    if (end == std::string_view::npos)
      return true;
    at = end + 1;
  }
}

// `text` (LF line ends) in quoted-printable (RFC 2045 6.7) with CRLF line
// ends: printable ASCII but "=" as it is, space and tab too unless they end
// a line, every other byte as =XX, and soft line breaks ("=" CRLF) keeping
// lines to 76 characters.
std::string quoted_printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t at = 0;
  for (;;) {
    auto end = text.find('\n', at);
    auto line = text.substr(
      at, end == std::string_view::npos ? std::string_view::npos : end - at);
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      auto c = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=')
          || ((c == ' ' || c == '\t') && !last))
        token = static_cast<char>(c);
      else
        token = {'=', hex[c >> 4], hex[c & 0xf]};
      // Room for the "=" of a soft break unless this token ends the line.
      if (width + token.size() > (last ? 76u : 75u)) {
        out += "=\r\n";
        width = 0;
      }
      out += token;
      width += token.size();
    }
    if (end == std::string_view::npos)
      return out;
    out += "\r\n";
    at = end + 1;
  }
}

// One body part as it goes on the wire: its lines with CRLF ends (no CRLF
// added after the last) and the Content-Transfer-Encoding they are in.
struct encoded_part {
  std::string encoding;
  std::string lines;
};

// 8bit (as a body has always been sent) when it fits, else quoted-printable:
// a line over 998 bytes is refused by servers (RFC 5321 4.5.3.1.6).
// A CR is dropped: CRLF and LF both end a line, a lone CR is no line end.
encoded_part encode_part(std::string_view text) {
  std::string lf;
  for (char c : text)
    if (c != '\r')
      lf += c;
  if (fits_8bit(lf))
    return {"8bit", crlf_lines(lf)};
  return {"quoted-printable", quoted_printable(lf)};
}

// `message` (CRLF line ends) as DATA carries it: a line starting with "."
// gets another (RFC 5321 4.5.2) so it cannot end the message early, and
// the final "." follows.
std::string dot_stuffed(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 8);
  bool line_start = true;
  for (char c : message) {
    if (line_start && c == '.')
      out += '.';
    out += c;
    line_start = c == '\n';
  }
  out += ".";
  return out;
}

// One SMTP conversation with a deadline for all of it.
class session {
public:
  session(const smtp_options& opts)
    : opts_(opts), ssl_(asio::ssl::context::tls_client), stream_(ioc_, ssl_),
      deadline_(std::chrono::steady_clock::now() + opts.timeout) {
    // nop
  }

  std::optional<send_failure> run(const notification& n,
                                  const commit_point& at_commit) {
    auto where = "SMTP " + opts_.host + ":" + std::to_string(opts_.port) + ": ";
    if (!safe_address(address_of(n.to))
        || n.to.find_first_of("\r\n") != std::string::npos)
      return send_failure{"bad recipient address '" + n.to + "'"};
    auto helo = domain_of(opts_.from);
    std::string boundary;
    if (!n.html.empty()) {
      auto drawn = mime_boundary();
      if (!drawn)
        return send_failure{"no MIME boundary: the CSPRNG failed"};
      boundary = std::move(*drawn);
    }
    auto message = smtp_message(n, opts_.from, helo, boundary);
    tcp::resolver resolver{ioc_};
    error_code ec;
    auto endpoints
      = resolver.resolve(opts_.host, std::to_string(opts_.port), ec);
    if (ec)
      return send_failure{where + "resolve: " + ec.message()};
    if (auto err = wait([&](auto h) {
          asio::async_connect(
            stream_.next_layer(), endpoints,
            [h](error_code e, const tcp::endpoint&) mutable { h(e); });
        }))
      return send_failure{where + "connect: " + *err};
    bool committed = false;
    bool refused_at_commit = false;
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
      // All but the final "." (the message ends in CRLF "."): the server
      // drops a DATA that never ended, so up to here a crash delivers
      // nothing. The "." is the point of no return.
      if (auto e = write(message.substr(0, message.size() - 1)))
        return "message: " + *e;
      if (auto refused = at_commit())
        return *refused;
      committed = true;
      if (auto e = expect(250, ".", "message")) {
        refused_at_commit = answered_ != 0; // an answer, and not a 250
        return e;
      }
      expect(221, "QUIT"); // the message is accepted; QUIT is a courtesy
      return std::nullopt;
    }();
    if (steps)
      return send_failure{where + *steps, committed && !refused_at_commit};
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
    answered_ = 0;
    if (label.empty())
      label = command.empty() ? "greeting" : command;
    if (!command.empty())
      if (auto err = write(command + "\r\n"))
        return label + ": " + *err;
    int got = 0;
    if (auto err = read_reply(got))
      return label + ": " + *err;
    answered_ = got;
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
  // The code of the last complete reply `expect` read; 0 for none.
  int answered_ = 0;
};

} // namespace

std::optional<std::string> mime_boundary() {
  unsigned char bits[16];
  if (RAND_bytes(bits, sizeof bits) != 1)
    return std::nullopt;
  static constexpr char hex[] = "0123456789abcdef";
  std::string out{"=_souk_"};
  for (unsigned char b : bits) {
    out += hex[b >> 4];
    out += hex[b & 0xf];
  }
  return out;
}

std::string smtp_message(const notification& n, const std::string& from,
                         const std::string& domain, std::string_view boundary) {
  std::string out;
  out += "From: " + header_text(from) + "\r\n";
  out += "To: " + header_text(n.to) + "\r\n";
  out += "Subject: " + header_text(n.subject) + "\r\n";
  out += "Message-ID: <" + n.id + "@" + domain + ">\r\n";
  out += "Date: " + rfc5322_date() + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  auto text = encode_part(n.body);
  if (n.html.empty()) {
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: " + text.encoding + "\r\n\r\n";
    out += text.lines;
    if (!text.lines.empty() && !text.lines.ends_with("\r\n"))
      out += "\r\n";
  } else {
    assert(!boundary.empty());
    auto html = encode_part(n.html);
    // A multipart entity is labelled with the widest encoding inside it
    // (RFC 2045 6.4): 8bit when a part is, else 7bit (quoted-printable).
    bool eight = text.encoding == "8bit" || html.encoding == "8bit";
    auto delimiter = "--" + std::string{boundary};
    out += "Content-Type: multipart/alternative; boundary=\"";
    out += std::string{boundary} + "\"\r\n";
    out += std::string{"Content-Transfer-Encoding: "}
           + (eight ? "8bit" : "7bit") + "\r\n\r\n";
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046
    // 5.1.1): each part keeps exactly the line ends it had.
    for (auto [type, part] :
         {std::pair{"text/plain", &text}, std::pair{"text/html", &html}}) {
      out += delimiter + "\r\n";
      out += std::string{"Content-Type: "} + type + "; charset=utf-8\r\n";
      out += "Content-Transfer-Encoding: " + part->encoding + "\r\n\r\n";
      out += part->lines + "\r\n";
    }
    out += delimiter + "--\r\n";
  }
  return dot_stuffed(out);
}

smtp_provider::smtp_provider(smtp_options opts) : opts_(std::move(opts)) {
  // nop
}

std::optional<send_failure> smtp_provider::send(const notification& n,
                                                const commit_point& at_commit) {
  session s{opts_};
  return s.run(n, at_commit);
}

} // namespace souk::notifications
