#include "actors/ticket/ticket_state.hpp"

#include <utility>

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
    s.order_display_id = e.order_display_id;
    s.number = e.number;
    s.line_item_id = e.line_item_id;
    s.customer_id = e.customer_id;
    s.customer_email = e.customer_email;
    s.product_title = e.product_title;
    s.variant_title = e.variant_title;
    s.quantity = e.quantity;
    s.brief = e.brief;
    s.status = ticket_status::brief_received;
    s.opened_at = e.at;
    s.status_changed_at = e.at;
  }
  void operator()(const brief_updated& e) { s.brief = e.brief; }
  void operator()(const note_added& e) {
    s.notes.push_back({e.note_id, e.text, e.internal, e.by, e.at});
  }
  void operator()(const ticket_moved& e) {
    s.status = e.to;
    s.status_changed_at = e.at;
  }
  void operator()(const attachment_added& e) {
    s.attachments.push_back({e.file, false, e.by, e.at});
  }
  void operator()(const proof_attached& e) {
    s.attachments.push_back({e.file, true, e.by, e.at});
    s.proofs.push_back({e.file.id, proof_status::pending, "", "", 0});
  }
  void operator()(const proof_decided& e) {
    for (auto& p : s.proofs)
      if (p.file_id == e.proof_id) {
        p.status = e.decision;
        p.comment = e.comment;
        p.decided_by = e.by;
        p.decided_at = e.at;
      }
  }
  void operator()(const ticket_assigned& e) { s.assignee_id = e.to; }
  void operator()(const ticket_voided&) { s.voided = true; }
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
    if (n == name && st != ticket_status::none)
      return st;
  return std::nullopt;
}

const ticket_attachment*
ticket_state::attachment(std::string_view file_id) const noexcept {
  for (auto& a : attachments)
    if (a.file.id == file_id)
      return &a;
  return nullptr;
}

ticket_state evolve(ticket_state state, const ticket_event& event) {
  std::visit(applier{state}, event);
  std::visit([&](auto& e) { state.updated_at = e.at; }, event);
  ++state.version;
  return state;
}

} // namespace souk::ticket
