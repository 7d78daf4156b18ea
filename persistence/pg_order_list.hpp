#pragma once

#include <string>

#include "actors/runtime/events.hpp"
#include "persistence/order_list.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// Applies one order event to the `order_list` table (migration 0006).
/// Idempotent: replaying an event changes nothing. Throws on SQL errors
/// (the subscriber retries).
void project_order_event(pqxx::connection& conn, const recorded_event& ev);

/// Reads the `order_list` table. Blocking, one connection.
class pg_order_list final : public order_list_port {
public:
  explicit pg_order_list(std::string conninfo);
  expected<order_page, store_error> list(const order_filter& filter) override;
  expected<std::int64_t, store_error> feed_head() override;

private:
  pg_session session_;
};

} // namespace souk
