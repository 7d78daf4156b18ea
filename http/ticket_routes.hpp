#pragma once

#include <string>

#include "http/router.hpp"
#include "http/services.hpp"

namespace souk {

/// Medusa-style 404 message of a ticket that is not there (or not the
/// caller's).
std::string ticket_missing(const std::string& id);

/// One ticket's routes: read, move, notes, assignment, brief, proofs,
/// files and history, for support (/admin) and the customer (/store).
void add_ticket_routes(router& r, services& ctx);

/// The lists, from the ticket list (read model): GET /admin/tickets and
/// GET /store/tickets.
void add_ticket_list_routes(router& r, services& ctx);

/// The tickets of order `order_id` as the `"tickets": [...]` member of an
/// admin's order (blocking; a db-pool thread).
std::string order_tickets_member(const std::string& order_id, db_handles& h);

} // namespace souk
