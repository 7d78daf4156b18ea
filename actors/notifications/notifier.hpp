#pragma once

#include <functional>
#include <memory>

#include "actors/notifications/notification.hpp"
#include "actors/workflows/blocking_step.hpp"

namespace souk::notifications {

/// What `notifier::deliver` did.
enum class delivery {
  /// Handed over now.
  sent,
  /// Handed over before: not again.
  sent_before,
  /// An earlier try passed the provider's point of no return and crashed or
  /// lost its answer: it may have been delivered, so it is not sent again
  /// (counted for operators, see `notification_log::in_doubt`).
  in_doubt,
};

/// Test-only points in `notifier::deliver`, to crash a process there.
struct notifier_hooks {
  /// At the provider's point of no return, before the claim is written.
  std::function<void(const notification&)> at_commit;
  /// After the provider accepted the message, before it is marked sent.
  std::function<void(const notification&)> after_send;
};

/// Sends each notification at most once per id. A claim is written at the
/// provider's point of no return (SMTP: before the "." that ends DATA) and
/// marked sent when the provider accepted the message. A crash before the
/// claim leaves nothing delivered and nothing claimed: the retry sends. A
/// crash after it leaves the claim in doubt: never sent again, so a message
/// is never sent twice; the one case it is lost is a crash in the instant
/// between the claim and the "." (or an answer lost after it).
class notifier {
public:
  notifier(std::shared_ptr<notification_provider> provider,
           std::shared_ptr<notification_log> log, notifier_hooks hooks = {});

  /// Blocks.
  expected<delivery, std::string> deliver(const notification& n);

  std::string_view provider() const noexcept { return provider_->name(); }

private:
  std::shared_ptr<notification_provider> provider_;
  std::shared_ptr<notification_log> log_;
  notifier_hooks hooks_;
};

/// A delivery step's output: {"notification_id", "sent", "in_doubt"}.
std::string delivery_output(const notification& n, delivery d);

/// A workflow step that delivers the notification `make` builds from the
/// step's context, on `pool`; its output is `delivery_output`.
workflows::step_fn
notify_step(std::shared_ptr<notifier> n,
            std::shared_ptr<workflows::step_pool> pool,
            std::function<notification(const workflows::step_context&)> make);

/// Writes the message to the log only (id, recipient and subject; never the
/// HTML); with the notification log it makes the default provider, so the
/// demo works without a mail server.
class local_provider : public notification_provider {
public:
  std::string_view name() const noexcept override { return "local"; }
  std::optional<send_failure> send(const notification& n,
                                   const commit_point& at_commit) override;
};

} // namespace souk::notifications
