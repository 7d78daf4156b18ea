#include "actors/ticket/ticket_state.hpp"

namespace souk::ticket {

namespace {

constexpr std::pair<ticket_status, std::string_view> names[] = {
  {ticket_status::none, "none"},
  {ticket_status::brief_received, "brief_received"},
  {ticket_status::designing_artwork, "designing_artwork"},
  {ticket_status::fulfilling, "fulfilling"},
  {ticket_status::delivered, "delivered"},
};

struct applier {
  ticket_state& s;

  void operator()(const ticket_opened& e) {
    s.order_id = e.order_id;
    s.line_item_id = e.line_item_id;
    s.customer_id = e.customer_id;
    s.title = e.title;
    s.brief = e.brief;
    s.status = ticket_status::brief_received;
    s.opened_at = e.at;
  }
  void operator()(const brief_updated& e) { s.brief = e.brief; }
  void operator()(const note_added& e) {
    s.notes.push_back({e.note_id, e.text, e.internal, e.by, e.at});
  }
  void operator()(const ticket_moved& e) {
    s.status = e.to;
    s.moves.push_back(e);
  }
};

} // namespace

std::string_view to_string(ticket_status status) noexcept {
  for (auto& [st, name] : names)
    if (st == status)
      return name;
  return "unknown";
}

std::optional<ticket_status> parse_status(std::string_view name) noexcept {
  for (auto& [st, n] : names)
    if (n == name)
      return st;
  return std::nullopt;
}

ticket_state evolve(ticket_state state, const ticket_event& event) {
  std::visit(applier{state}, event);
  std::visit([&](auto& e) { state.updated_at = e.at; }, event);
  ++state.version;
  return state;
}

} // namespace souk::ticket
