#include "actors/order/order_state.hpp"

namespace souk::order {

std::string_view to_string(order_status status) noexcept {
  switch (status) {
  case order_status::none:
    return "none";
  case order_status::placed:
    return "placed";
  case order_status::payment_authorized:
    return "payment_authorized";
  case order_status::payment_captured:
    return "payment_captured";
  case order_status::fulfilled:
    return "fulfilled";
  case order_status::shipped:
    return "shipped";
  case order_status::delivered:
    return "delivered";
  case order_status::completed:
    return "completed";
  case order_status::canceled:
    return "canceled";
  }
  return "unknown";
}

std::optional<order_status> parse_status(std::string_view name) noexcept {
  for (int i = 0; i <= static_cast<int>(order_status::canceled); ++i)
    if (to_string(static_cast<order_status>(i)) == name)
      return static_cast<order_status>(i);
  return std::nullopt;
}

namespace {

void move_to(order_state& s, order_status to, const std::string& by,
             std::int64_t at) {
  s.history.push_back({s.status, to, by, at});
  s.status = to;
}

struct applier {
  order_state& s;

  void operator()(const order_placed& e) {
    s.customer_id = e.customer_id;
    s.currency_code = e.currency_code;
    s.items = e.items;
    s.total = e.total;
    s.checkout = e.checkout;
    s.placed_at = e.at;
    move_to(s, order_status::placed, e.by, e.at);
  }
  void operator()(const payment_authorized& e) {
    s.payment_id = e.payment_id;
    s.authorized = e.amount;
    move_to(s, order_status::payment_authorized, e.by, e.at);
  }
  void operator()(const payment_captured& e) {
    s.captured += e.amount;
    move_to(s, order_status::payment_captured, e.by, e.at);
  }
  void operator()(const order_fulfilled& e) {
    move_to(s, order_status::fulfilled, e.by, e.at);
  }
  void operator()(const order_shipped& e) {
    s.tracking_number = e.tracking_number;
    move_to(s, order_status::shipped, e.by, e.at);
  }
  void operator()(const order_delivered& e) {
    move_to(s, order_status::delivered, e.by, e.at);
  }
  void operator()(const order_completed& e) {
    move_to(s, order_status::completed, e.by, e.at);
  }
  void operator()(const order_canceled& e) {
    s.cancel_reason = e.reason;
    move_to(s, order_status::canceled, e.by, e.at);
  }
  void operator()(const order_refunded& e) {
    // A refund changes money, not the lifecycle.
    s.refunded += e.amount;
  }
};

} // namespace

order_state evolve(order_state state, const order_event& event) {
  std::visit(applier{state}, event);
  ++state.version;
  return state;
}

} // namespace souk::order
