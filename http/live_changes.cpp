#include "http/live_changes.hpp"

#include <spdlog/spdlog.h>

#include "actors/order/order_entity.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "http/order_json.hpp"
#include "http/ticket_json.hpp"

namespace souk::live {

namespace {

const std::string ticket_prefix = ticket::ticket_domain::stream("");
const std::string order_prefix = order::order_domain::stream("");

std::string ticket_json(const std::string& id, const ticket::ticket_state& s,
                        ticket::viewer v) {
  json_writer w;
  write_ticket(w, id, s, v);
  return w.take();
}

std::string gone_json(const std::string& id) {
  json_writer w;
  w.begin_object().key("id").value(id).end_object();
  return w.take();
}

} // namespace

change_renderer::change_renderer(stream_reader& reader, order_members members,
                                 std::size_t max_cached)
  : reader_(reader), members_(std::move(members)), max_cached_(max_cached) {
  // nop
}

template <class Domain>
const typename Domain::state_type* change_renderer::fold(
  std::unordered_map<std::string, cached<typename Domain::state_type>>& cache,
  const recorded_event& e, const typename Domain::event_type& ev) {
  auto& codec = Domain::codec();
  auto hit = cache.find(e.stream_id);
  if (hit != cache.end() && hit->second.version == e.version - 1) {
    hit->second.state = Domain::evolve(std::move(hit->second.state), ev);
    hit->second.version = e.version;
    return &hit->second.state;
  }
  // Not the next one seen (first sight, evicted, or replayed): from the
  // stream, up to this event.
  auto events = reader_.read_stream(e.stream_id, 1);
  if (!events) // the caller offers the event again later
    throw std::runtime_error{"reading " + e.stream_id + ": "
                             + events.error().message};
  cached<typename Domain::state_type> fresh;
  for (auto& stored : *events) {
    if (stored.version > e.version)
      break;
    auto ev = codec.decode(stored);
    if (!ev) {
      spdlog::warn("live: {}", ev.error().message);
      return nullptr;
    }
    fresh.state = Domain::evolve(std::move(fresh.state), *ev);
    fresh.version = stored.version;
  }
  if (fresh.version != e.version)
    return nullptr;
  if (cache.size() >= max_cached_)
    cache.clear(); // simple bound: most changes hit entities just seen
  auto& slot = cache[e.stream_id] = std::move(fresh);
  return &slot.state;
}

std::optional<change> change_renderer::render(const recorded_event& e) {
  // By type too: "order-numbers-..." streams are no orders.
  if (e.stream_id.starts_with(ticket_prefix) && ticket::codec().knows(e.type))
    return ticket_change(e);
  if (e.stream_id.starts_with(order_prefix) && order::codec().knows(e.type))
    return order_change(e);
  return std::nullopt;
}

std::optional<change> change_renderer::ticket_change(const recorded_event& e) {
  using ticket::viewer;
  auto event = ticket::codec().decode(e);
  if (!event) {
    spdlog::warn("live: {}", event.error().message);
    return std::nullopt;
  }
  auto* s = fold<ticket::ticket_domain>(tickets_, e, *event);
  if (!s)
    return std::nullopt;
  change c;
  c.what = topic::kind::tickets;
  c.id = e.stream_id.substr(ticket_prefix.size());
  c.customer_id = s->customer_id;
  c.position = e.position;
  if (s->voided) {
    c.type = "ticket.deleted";
    c.admin_data = gone_json(c.id);
    c.customer_data = c.admin_data;
    return c;
  }
  c.type = e.version == 1 ? "ticket.created" : "ticket.updated";
  c.admin_data = ticket_json(c.id, *s, viewer::support);
  if (!ticket::hidden_from(*event, viewer::customer))
    c.customer_data = ticket_json(c.id, *s, viewer::customer);
  return c;
}

std::optional<change> change_renderer::order_change(const recorded_event& e) {
  auto event = order::codec().decode(e);
  if (!event) {
    spdlog::warn("live: {}", event.error().message);
    return std::nullopt;
  }
  auto* s = fold<order::order_domain>(orders_, e, *event);
  if (!s)
    return std::nullopt;
  change c;
  c.what = topic::kind::orders;
  c.id = e.stream_id.substr(order_prefix.size());
  c.customer_id = s->customer_id;
  c.position = e.position;
  c.type = e.version == 1 ? "order.placed" : "order.updated";
  json_writer w;
  write_order(w, c.id, *s);
  c.customer_data = w.take(); // as GET /store/orders/:id
  c.admin_data = *c.customer_data;
  if (members_) // as GET /admin/orders/:id
    members_(c.id, c.admin_data);
  return c;
}

} // namespace souk::live
