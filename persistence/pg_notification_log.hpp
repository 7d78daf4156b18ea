#pragma once

#include <mutex>
#include <string>

#include "actors/notifications/notification.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// The `notifications` table (migrations 0004, 0010). Thread-safe: calls share
/// one connection, one at a time (they are short).
class pg_notification_log : public notifications::notification_log {
public:
  explicit pg_notification_log(std::string conninfo);

  expected<notifications::log_state, std::string>
  state(const std::string& id) override;
  expected<bool, std::string> claim(const notifications::notification& n,
                                    std::string_view provider) override;
  expected<bool, std::string> mark_sent(const std::string& id) override;
  expected<bool, std::string> release(const std::string& id) override;
  expected<std::int64_t, std::string> in_doubt() override;

private:
  std::mutex mtx_;
  pg_session session_;
};

} // namespace souk
