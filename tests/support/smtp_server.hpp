#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/child_process.hpp"

namespace souk::test {

/// A TCP port free on 127.0.0.1 a moment ago (bound, then released).
int free_port();

/// A new directory under the system's temporary one, named after `name`,
/// this process and a free port so that two fixtures never share one.
std::filesystem::path temp_dir(const char* name);

/// A fresh self-signed certificate for 127.0.0.1 written into `dir`: the
/// paths of (certificate, key). Throws when `openssl` fails.
std::pair<std::string, std::string>
self_signed_certificate(const std::filesystem::path& dir);

/// One leaf part of a received message.
struct mail_part {
  /// "text/plain", "text/html", ...
  std::string content_type;
  /// As the header says it: "8bit", "quoted-printable", ...
  std::string transfer_encoding;
  /// Decoded (transfer encoding and charset), with LF line ends.
  std::string content;
};

/// A message as the server stored it, read by Python's e-mail package
/// (`email.policy.default`): a parser that owes nothing to souk's writer.
struct received_mail {
  /// The envelope: MAIL FROM and RCPT TO as the server saw them.
  std::string mail_from;
  std::string rcpt_to;
  /// Headers, RFC 2047 decoded.
  std::string to;
  std::string subject;
  std::string message_id;
  /// Of the whole message: "text/plain", "multipart/alternative", ...
  std::string content_type;
  /// The leaf parts in the order they were sent (one for a single part).
  std::vector<mail_part> parts;
  /// The content of the first text/plain and text/html part; "" for none.
  std::string text;
  std::string html;
  /// The stored file, for failure messages.
  std::string raw;
};

/// A real SMTP server on loopback: Debian's aiosmtpd writing each message
/// into a maildir (with the envelope as X-MailFrom / X-RcptTo headers).
/// With `tls`, it offers STARTTLS with a fresh self-signed certificate. The
/// server has stored a message before it answers the DATA, so after a send
/// returns, `messages()` has it. Stopped (and its files removed) by the
/// destructor. The constructor throws when the server does not come up.
class smtp_server {
public:
  explicit smtp_server(bool tls = false);
  ~smtp_server();

  smtp_server(const smtp_server&) = delete;
  smtp_server& operator=(const smtp_server&) = delete;

  /// The messages received so far, in the order they arrived. Throws when
  /// they cannot be read.
  std::vector<received_mail> messages();

  /// Waits until `count` messages arrived or `timeout` passed, for mail a
  /// workflow sends in the background; `messages()` then (fewer than
  /// `count` after a timeout).
  std::vector<received_mail> wait_for(std::size_t count,
                                      std::chrono::milliseconds timeout);

  int port;

private:
  std::size_t delivered() const;

  std::filesystem::path dir_;
  std::unique_ptr<child_process> proc_;
};

} // namespace souk::test
