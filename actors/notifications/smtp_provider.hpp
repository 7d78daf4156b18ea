#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "actors/notifications/notification.hpp"

namespace souk::notifications {

struct smtp_options {
  std::string host = "127.0.0.1";
  int port = 25;
  /// AUTH PLAIN when `user` is set. Credentials make STARTTLS required
  /// (unless `allow_plain_auth`): they are never sent in plaintext.
  std::string user;
  std::string password;
  /// The sender, e.g. "Souk <orders@shop.example>"; its domain also names
  /// the Message-ID.
  std::string from = "souk@localhost";
  /// Upgrade with STARTTLS; fail when the server does not offer it. Implied
  /// by credentials (see `user`).
  bool starttls = false;
  /// Check the server's certificate against the system's CAs and `host`.
  bool verify_tls = true;
  /// Allows AUTH without TLS (for a server on loopback).
  bool allow_plain_auth = false;
  /// Longest the whole conversation may take.
  std::chrono::milliseconds timeout{10000};
};

/// Sends e-mail through an SMTP server (RFC 5321): EHLO, optional STARTTLS
/// and AUTH PLAIN, MAIL FROM, RCPT TO, DATA (see `smtp_message` for the
/// message, plain text or text and HTML). One connection per message;
/// blocking, with one deadline for the whole exchange. At STARTTLS, bytes
/// the server sent after its "220" are dropped, never read as if they had
/// come over TLS (RFC 3207 section 6; the STARTTLS injection of
/// CVE-2011-0411).
class smtp_provider : public notification_provider {
public:
  explicit smtp_provider(smtp_options opts);
  std::string_view name() const noexcept override { return "smtp"; }
  std::optional<send_failure> send(const notification& n,
                                   const commit_point& at_commit) override;

private:
  smtp_options opts_;
};

/// A fresh MIME boundary: "=_souk_" and 32 hex digits from OpenSSL's
/// CSPRNG (RAND_bytes). Drawn per message once its content is fixed, so a
/// value filled into it (a customer's name) cannot hold it and end a part
/// early; "=_" never occurs in quoted-printable. Nullopt when the CSPRNG
/// fails.
std::optional<std::string> mime_boundary();

/// The message as sent after DATA: headers (Message-ID from `n.id` and
/// `domain`, Date in UTC, MIME-Version), a blank line, the body and the
/// final ".". Without `n.html` the body is one text/plain part, as always;
/// with it, multipart/alternative between `boundary` lines (precondition:
/// not empty; see `mime_boundary`): text/plain first, then text/html, both
/// UTF-8. A part goes as 8bit when each of its lines fits in 998 bytes,
/// else as quoted-printable. Lines end in CRLF, and one starting with "."
/// gets another (dot-stuffing).
std::string smtp_message(const notification& n, const std::string& from,
                         const std::string& domain,
                         std::string_view boundary = {});

} // namespace souk::notifications
