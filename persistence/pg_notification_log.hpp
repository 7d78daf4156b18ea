#pragma once

#include <mutex>
#include <string>

#include "actors/notifications/notification.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// The `notifications` table (migration 0004). Thread-safe: calls share one
/// connection, one at a time (they are short).
class pg_notification_log : public notifications::notification_log {
public:
  explicit pg_notification_log(std::string conninfo);

  expected<bool, std::string> sent(const std::string& id) override;
  expected<bool, std::string> record(const notifications::notification& n,
                                     std::string_view provider) override;

private:
  std::mutex mtx_;
  pg_session session_;
};

} // namespace souk
