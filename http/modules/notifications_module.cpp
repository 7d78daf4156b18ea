#include <spdlog/spdlog.h>

#include "actors/notifications/notifier.hpp"
#include "actors/notifications/smtp_provider.hpp"
#include "http/modules/modules.hpp"
#include "persistence/postgres.hpp"

namespace souk {

namespace {

std::shared_ptr<notifications::notification_provider>
make_provider(const notifications_config& cfg) {
  if (cfg.provider == "local")
    return std::make_shared<notifications::local_provider>();
  notifications::smtp_options o;
  o.host = cfg.smtp_host;
  o.port = cfg.smtp_port;
  o.user = cfg.smtp_user;
  o.password = cfg.smtp_password;
  o.from = cfg.smtp_from;
  o.starttls = cfg.smtp_starttls;
  o.verify_tls = cfg.smtp_verify_tls;
  return std::make_shared<notifications::smtp_provider>(o);
}

void install(module_context& m, const notifications::notifier_hooks& hooks) {
  auto n = std::make_shared<notifications::notifier>(
    make_provider(m.cfg().notifications), open_notification_log(m.conninfo()),
    hooks);
  spdlog::info("notifications: {}", n->provider());
  // Its own connection: /metrics never waits behind a send's claim.
  std::shared_ptr<notifications::notification_log> counts
    = open_notification_log(m.conninfo());
  m.metrics([counts] {
    auto doubt = counts->in_doubt();
    if (!doubt)
      return std::string{};
    return "# HELP souk_notifications_in_doubt Notifications claimed at the "
           "provider's point of no return and not known to be sent: never "
           "sent again, check them by hand.\n"
           "# TYPE souk_notifications_in_doubt gauge\n"
           "souk_notifications_in_doubt "
           + std::to_string(*doubt) + "\n";
  });
  m.provide(std::move(n));
}

} // namespace

module notifications_module(notifications::notifier_hooks hooks) {
  return {"notifications", {}, [hooks = std::move(hooks)](module_context& m) {
            install(m, hooks);
          }};
}

} // namespace souk
