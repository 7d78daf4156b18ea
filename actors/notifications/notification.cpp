#include "actors/notifications/notification.hpp"

#include "actors/runtime/sha256.hpp"

namespace souk::notifications {

std::string notification_id(std::string_view cause) {
  return "ntf_" + sha256_hex(cause).substr(0, 32);
}

notification make_notification(std::string cause, std::string to,
                               std::string subject, std::string body,
                               std::string html) {
  auto id = notification_id(cause);
  return {std::move(id),      std::move(cause), std::move(to),
          std::move(subject), std::move(body),  std::move(html)};
}

} // namespace souk::notifications
