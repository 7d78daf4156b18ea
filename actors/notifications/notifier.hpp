#pragma once

#include <memory>

#include "actors/notifications/notification.hpp"
#include "actors/workflows/blocking_step.hpp"

namespace souk::notifications {

/// Sends each notification at most once per id: a notification already
/// recorded is not sent again. With the `local` provider the record is the
/// delivery, so it is exactly once. With `smtp` there is one window: a crash
/// (or a lost database) after the server accepted the message and before
/// the record is written sends it again on the retry; the repeated
/// Message-ID lets mail clients drop the copy.
class notifier {
public:
  notifier(std::shared_ptr<notification_provider> provider,
           std::shared_ptr<notification_log> log);

  /// True when sent now, false when it had been sent before. Blocks.
  expected<bool, std::string> deliver(const notification& n);

  std::string_view provider() const noexcept { return provider_->name(); }

private:
  std::shared_ptr<notification_provider> provider_;
  std::shared_ptr<notification_log> log_;
};

/// A workflow step that delivers the notification `make` builds from the
/// step's context, on `pool`. Its output: {"notification_id", "sent"}.
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
  expected<bool, std::string> send(const notification& n) override;
};

} // namespace souk::notifications
