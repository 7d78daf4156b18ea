#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"
#include "actors/ticket/ticket_views.hpp"

namespace souk {

/// One row of the ticket list: a ticket as the board shows it.
struct ticket_row {
  std::string id;
  std::string order_id;
  std::int64_t order_display_id = 0;
  /// The item's place in the order: the display id is "<order>-<number>".
  std::int64_t number = 0;
  std::string line_item_id;
  std::string product_title;
  std::string variant_title;
  std::int64_t quantity = 0;
  std::string customer_id;
  std::string customer_email;
  /// "brief_received", "designing_artwork", "fulfilling", "delivered".
  std::string status;
  /// "" when nobody is assigned.
  std::string assignee_id;
  /// What `ticket::actions_for` needs: the list and the ticket agree.
  ticket::ticket_flags flags;
  /// The version of the ticket's stream the row reflects.
  std::int64_t version = 0;
  std::int64_t created_at = 0;        // Unix ms
  std::int64_t updated_at = 0;        // Unix ms
  std::int64_t status_changed_at = 0; // Unix ms

  /// "1042-2".
  std::string display_id() const {
    return ticket::display_id(order_display_id, number);
  }
};

/// Which tickets to list; an unset condition selects every ticket.
struct ticket_filter {
  std::optional<std::string> status;
  std::optional<std::string> order_id;
  std::optional<std::string> customer_id;
  /// "" selects the unassigned tickets.
  std::optional<std::string> assignee_id;
  /// Case-insensitive substring of the display id ("1042-2"), the product
  /// title, the variant title or the customer's e-mail; taken literally
  /// (`%` and `_` are no wildcards). Empty: no condition. Unlike the
  /// others it reads every row (about 50 ms at 100,000 tickets).
  std::optional<std::string> q;
  /// Only the tickets where the customer waits for support (they wrote
  /// last, or asked for changes to the latest proof).
  bool waiting_on_support = false;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

/// One page of tickets.
struct ticket_page {
  /// Newest first: by created_at, then id (both descending), so pages
  /// neither repeat nor skip a row while the list does not change.
  std::vector<ticket_row> rows;
  /// How many tickets the filter selects.
  std::int64_t count = 0;
  /// Per status, how many tickets the filter selects without its status
  /// condition: the board's column counts. Every status is there, 0 when
  /// none has it.
  std::map<std::string, std::int64_t> counts;
};

/// The event types the ticket-list projection reads: every ticket event
/// name (`ticket::event_names`), old versions too.
const std::vector<std::string>& ticket_list_event_types();

/// Reads the ticket list (a read model that follows the ticket events).
/// The unfiltered board and its counts read no more than a page of rows,
/// however many tickets there are. Blocking and not thread-safe: one
/// instance per thread. PostgreSQL's: `open_ticket_list` in
/// persistence/postgres.hpp.
class ticket_list_port {
public:
  virtual ~ticket_list_port() = default;

  /// The tickets `filter` selects: one page, how many in all, and the
  /// counts per status.
  virtual expected<ticket_page, store_error> list(const ticket_filter& filter)
    = 0;

  /// Every ticket of the order, by number.
  virtual expected<std::vector<ticket_row>, store_error>
  by_order(const std::string& order_id) = 0;

  /// Position of the newest committed event: the list read after the
  /// projection passes it shows every write that returned before.
  virtual expected<std::int64_t, store_error> feed_head() = 0;

  /// For a backfill: up to `limit` ids of orders in the order list that
  /// have no ticket in this one, oldest first, placed before the durable
  /// subscriber `starter` (which opens new orders' tickets) reached them:
  /// the later ones are the subscriber's. An order whose tickets were
  /// voided is not one of them (its workflow was undone on purpose); an
  /// order with no items always is.
  virtual expected<std::vector<std::string>, store_error>
  orders_without_tickets(std::int64_t limit, const std::string& starter) = 0;
};

} // namespace souk
