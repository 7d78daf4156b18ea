#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "actors/order/order_state.hpp"
#include "actors/runtime/events.hpp"
#include "actors/runtime/store_port.hpp"
#include "actors/ticket/ticket_state.hpp"
#include "http/live_protocol.hpp"

namespace souk::live {

/// What one committed event changed, as the live feed pushes it: the
/// entity as the REST GET shows it, once for support and once for its
/// customer.
struct change {
  topic::kind what;
  std::string id;
  /// The owning customer; "" for a guest's (no customer is told).
  std::string customer_id;
  std::int64_t position = 0;
  /// "ticket.created", "ticket.updated", "ticket.deleted" (voided),
  /// "order.placed", "order.updated".
  std::string type;
  /// The entity's JSON for support (admin users).
  std::string admin_data;
  /// The customer's copy; nothing when the change is not theirs to see (an
  /// internal note, an assignment).
  std::optional<std::string> customer_data;
};

/// Turns committed events of `ticket-` and `order-` streams into changes:
/// folds each entity's state with its domain's `evolve` (from the event
/// before when it was the last one seen, else from its stream) and renders
/// it. One instance per thread: it uses `reader`, blocking.
class change_renderer {
public:
  /// Adds to an admin's order JSON what modules add to
  /// `GET /admin/orders/:id` (its tickets); may block.
  using order_members
    = std::function<void(const std::string& id, std::string& order_json)>;

  explicit change_renderer(stream_reader& reader, order_members members = {},
                           std::size_t max_cached = 4096);

  /// The change `e` made; nothing for other streams and for an event that
  /// does not decode (logged). Throws when the stream cannot be read now.
  std::optional<change> render(const recorded_event& e);

private:
  template <class State>
  struct cached {
    std::int64_t version = 0;
    State state;
  };

  template <class Domain>
  const typename Domain::state_type* fold(
    std::unordered_map<std::string, cached<typename Domain::state_type>>& cache,
    const recorded_event& e, const typename Domain::event_type& ev);

  std::optional<change> ticket_change(const recorded_event& e);
  std::optional<change> order_change(const recorded_event& e);

  stream_reader& reader_;
  order_members members_;
  std::size_t max_cached_;
  std::unordered_map<std::string, cached<ticket::ticket_state>> tickets_;
  std::unordered_map<std::string, cached<order::order_state>> orders_;
};

} // namespace souk::live
