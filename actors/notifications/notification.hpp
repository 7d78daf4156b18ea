#pragma once

#include <cstdint>
#include <functional>
#include <optional>
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

/// Why a send did not deliver, fit for an operator, and whether the message
/// may have been delivered all the same: the provider had passed its point
/// of no return (see `commit_point`) and got no answer.
struct send_failure {
  std::string message;
  bool in_doubt = false;
};

/// Called by a provider right before its point of no return, the act after
/// which the message may be delivered (SMTP: the "." that ends DATA). An
/// error aborts the send with nothing delivered.
using commit_point = std::function<std::optional<std::string>()>;

/// Sends notifications one way (e-mail, a log, ...). `send` blocks: call it
/// from a step pool, never from a CAF scheduler or Beast I/O thread.
class notification_provider {
public:
  virtual ~notification_provider() = default;
  /// "local", "smtp", ...
  virtual std::string_view name() const noexcept = 0;
  /// Hands `n` over for delivery, calling `at_commit` once just before the
  /// point of no return; nullopt when it was accepted.
  virtual std::optional<send_failure> send(const notification& n,
                                           const commit_point& at_commit)
    = 0;
};

/// What the log knows of a notification id.
enum class log_state {
  /// Never claimed: not sent.
  none,
  /// Claimed at a provider's point of no return and not known to be sent
  /// since: it may or may not have been delivered.
  claimed,
  /// Delivered.
  sent,
};

/// Remembers which notifications went out (implemented by persistence).
/// Thread-safe.
class notification_log {
public:
  virtual ~notification_log() = default;
  virtual expected<log_state, std::string> state(const std::string& id) = 0;
  /// Records `n`, about to be handed over by `provider`, as claimed; an id
  /// already there stays as it is. True when this call claimed it.
  virtual expected<bool, std::string> claim(const notification& n,
                                            std::string_view provider)
    = 0;
  /// Marks a claimed id as sent.
  virtual expected<bool, std::string> mark_sent(const std::string& id) = 0;
  /// Drops a claim the provider was refused for: nothing was delivered.
  virtual expected<bool, std::string> release(const std::string& id) = 0;
  /// How many claims are in doubt (claimed, not known to be sent).
  virtual expected<std::int64_t, std::string> in_doubt() = 0;
};

} // namespace souk::notifications
