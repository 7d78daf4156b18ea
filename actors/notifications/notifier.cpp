#include "actors/notifications/notifier.hpp"

#include <spdlog/spdlog.h>

#include "actors/runtime/json_writer.hpp"

namespace souk::notifications {

notifier::notifier(std::shared_ptr<notification_provider> provider,
                   std::shared_ptr<notification_log> log)
  : provider_(std::move(provider)), log_(std::move(log)) {
  // nop
}

expected<bool, std::string> notifier::deliver(const notification& n) {
  auto already = log_->sent(n.id);
  if (!already)
    return already.error();
  if (*already)
    return false;
  auto sent = provider_->send(n);
  if (!sent)
    return sent.error();
  auto recorded = log_->record(n, provider_->name());
  if (!recorded) // sent but not recorded: the documented window
    return recorded.error();
  return true;
}

workflows::step_fn
notify_step(std::shared_ptr<notifier> n,
            std::shared_ptr<workflows::step_pool> pool,
            std::function<notification(const workflows::step_context&)> make) {
  return workflows::blocking_step(
    std::move(pool),
    [n = std::move(n), make = std::move(make)](
      const workflows::step_context& ctx) -> workflows::step_outcome {
      auto msg = make(ctx);
      auto r = n->deliver(msg);
      if (!r)
        return workflows::step_error{r.error()};
      json_writer w;
      w.begin_object().key("notification_id").value(msg.id);
      w.key("sent").value(*r).end_object();
      return w.take();
    });
}

expected<bool, std::string> local_provider::send(const notification& n) {
  spdlog::info("notification {} to {}: {}", n.id, n.to, n.subject);
  return true;
}

} // namespace souk::notifications
