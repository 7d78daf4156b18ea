#pragma once

#include <string>

#include "actors/runtime/events.hpp"
#include "persistence/pg_session.hpp"
#include "persistence/ticket_list.hpp"

namespace souk {

/// Applies one ticket event (on a "ticket-<id>" stream) to the
/// `ticket_list` table and its `ticket_status_counts` (tickets migration
/// 0001), in one transaction. Idempotent: an event applies only when its
/// version is newer than the row's, and an `opened` offered again after
/// the ticket was voided brings nothing back. Throws on a payload it
/// cannot decode and on SQL errors (the subscriber retries).
void project_ticket_event(pqxx::connection& conn, const recorded_event& ev);

/// Reads the `ticket_list` table. Blocking, one connection.
class pg_ticket_list final : public ticket_list_port {
public:
  explicit pg_ticket_list(std::string conninfo);
  expected<ticket_page, store_error> list(const ticket_filter& filter) override;
  expected<std::vector<ticket_row>, store_error>
  by_order(const std::string& order_id) override;
  expected<std::int64_t, store_error> feed_head() override;
  expected<std::vector<std::string>, store_error>
  orders_without_tickets(std::int64_t limit,
                         const std::string& starter) override;

private:
  pg_session session_;
};

} // namespace souk
