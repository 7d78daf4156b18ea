#include "actors/notifications/notifier.hpp"

#include <spdlog/spdlog.h>

#include "actors/runtime/json_writer.hpp"

namespace souk::notifications {

notifier::notifier(std::shared_ptr<notification_provider> provider,
                   std::shared_ptr<notification_log> log, notifier_hooks hooks)
  : provider_(std::move(provider)), log_(std::move(log)),
    hooks_(std::move(hooks)) {
  // nop
}

expected<delivery, std::string> notifier::deliver(const notification& n) {
  auto known = log_->state(n.id);
  if (!known)
    return known.error();
  if (*known == log_state::sent)
    return delivery::sent_before;
  if (*known == log_state::claimed) {
    spdlog::warn("notification {} ({}) is in doubt: an earlier try may have "
                 "delivered it, so it is not sent again",
                 n.id, n.cause);
    return delivery::in_doubt;
  }
  bool claimed = false;
  auto failed = provider_->send(n, [&]() -> std::optional<std::string> {
    if (hooks_.at_commit)
      hooks_.at_commit(n);
    auto c = log_->claim(n, provider_->name());
    if (!c)
      return "claiming the notification: " + c.error();
    if (!*c) // another try holds it
      return "notification " + n.id + " is claimed by another try";
    claimed = true;
    return std::nullopt;
  });
  if (failed) {
    if (claimed && !failed->in_doubt)
      if (auto r = log_->release(n.id); !r) // stays in doubt: never resent
        spdlog::warn("notification {}: releasing its claim: {}", n.id,
                     r.error());
    return failed->message;
  }
  if (hooks_.after_send)
    hooks_.after_send(n);
  auto marked = log_->mark_sent(n.id);
  if (!marked) // delivered, and the claim left in doubt: not resent
    return marked.error();
  return delivery::sent;
}

std::string delivery_output(const notification& n, delivery d) {
  json_writer w;
  w.begin_object().key("notification_id").value(n.id);
  w.key("sent").value(d == delivery::sent);
  w.key("in_doubt").value(d == delivery::in_doubt).end_object();
  return w.take();
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
      return delivery_output(msg, *r);
    });
}

std::optional<send_failure>
local_provider::send(const notification& n, const commit_point& at_commit) {
  if (auto refused = at_commit())
    return send_failure{*refused};
  spdlog::info("notification {} to {}: {}", n.id, n.to, n.subject);
  return std::nullopt;
}

} // namespace souk::notifications
