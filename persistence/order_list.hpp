#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// One row of the order list.
struct order_row {
  std::string id;
  std::int64_t display_id = 0;
  std::string customer_id;
  std::string email;
  /// The order's lifecycle status ("placed", "payment_authorized", ...).
  std::string status;
  std::string currency_code;
  std::int64_t total = 0;
  std::int64_t created_at = 0; // Unix ms
};

struct order_filter {
  std::optional<std::string> customer_id;
  std::optional<std::string> status;
  std::optional<std::int64_t> created_from; // Unix ms, inclusive
  std::optional<std::int64_t> created_to;   // Unix ms, exclusive
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct order_page {
  std::vector<order_row> rows;
  std::int64_t count = 0;
};

/// The event types the order-list projection reads.
const std::vector<std::string>& order_list_event_types();

/// Reads the order list (a read model that follows the order events),
/// newest first. Blocking and not thread-safe: one instance per thread.
/// PostgreSQL's: `open_order_list` in persistence/postgres.hpp.
class order_list_port {
public:
  virtual ~order_list_port() = default;

  /// The orders `filter` selects: one page of them, and how many in all.
  virtual expected<order_page, store_error> list(const order_filter& filter)
    = 0;

  /// Position of the newest committed event: the list read after the
  /// projection passes it shows every write that returned before.
  virtual expected<std::int64_t, store_error> feed_head() = 0;
};

} // namespace souk
