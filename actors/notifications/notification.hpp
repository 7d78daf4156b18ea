#pragma once

#include <string>
#include <string_view>

#include "actors/runtime/expected.hpp"

namespace souk::notifications {

/// One message to one recipient.
struct notification {
  /// Stable id derived from the cause (see `notification_id`): the
  /// e-mail's Message-ID and the unique key of its record.
  std::string id;
  /// What caused it, e.g. "ticket.moved:ticket_01H...:v7".
  std::string cause;
  std::string to;
  std::string subject;
  /// Plain text.
  std::string body;
  /// The same message as HTML, sent next to `body`; empty for none.
  std::string html = {};
};

/// "ntf_" and 32 hex digits of SHA-256 over `cause`: the same cause always
/// gives the same id, so a retried workflow cannot make a second message.
std::string notification_id(std::string_view cause);

/// A notification for `cause` with its id filled in; `html` (optional) is
/// the HTML alternative of `body`.
notification make_notification(std::string cause, std::string to,
                               std::string subject, std::string body,
                               std::string html = {});

/// Sends notifications one way (e-mail, a log, ...). `send` blocks: call it
/// from a step pool, never from a CAF scheduler or Beast I/O thread.
class notification_provider {
public:
  virtual ~notification_provider() = default;
  /// "local", "smtp", ...
  virtual std::string_view name() const noexcept = 0;
  /// Hands `n` over for delivery, or says why not (fit for an operator).
  virtual expected<bool, std::string> send(const notification& n) = 0;
};

/// Remembers which notifications went out (implemented by persistence).
/// Thread-safe.
class notification_log {
public:
  virtual ~notification_log() = default;
  /// True when `id` is recorded as sent.
  virtual expected<bool, std::string> sent(const std::string& id) = 0;
  /// Records `n` as sent by `provider`; recording an id twice keeps the
  /// first. True when this call recorded it.
  virtual expected<bool, std::string> record(const notification& n,
                                             std::string_view provider)
    = 0;
};

} // namespace souk::notifications
