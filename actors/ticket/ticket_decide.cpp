#include "actors/ticket/ticket_decide.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace souk::ticket {

namespace {

constexpr std::size_t max_note = 10000;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

struct decider {
  const ticket_state& s;

  decision operator()(const open_ticket& c) const {
    if (s.status != ticket_status::none)
      return domain_error{domain_errc::already_exists,
                          "the ticket has already been opened"};
    if (c.title.empty())
      return invalid("a ticket needs a title");
    if (c.order_id.empty())
      return invalid("a ticket needs the order it belongs to");
    return std::vector<ticket_event>{ticket_opened{
      c.order_id, c.line_item_id, c.customer_id, c.title, c.brief, c.by, c.at}};
  }

  decision operator()(const update_brief& c) const {
    if (s.status == ticket_status::delivered)
      return domain_error{domain_errc::illegal_transition,
                          "cannot change the brief of a delivered ticket"};
    if (c.brief == s.brief)
      return std::vector<ticket_event>{};
    return std::vector<ticket_event>{brief_updated{c.brief, c.by, c.at}};
  }

  decision operator()(const add_note& c) const {
    if (c.note_id.empty())
      return invalid("a note needs an id");
    if (c.text.empty())
      return invalid("a note needs text");
    if (c.text.size() > max_note)
      return invalid("a note is at most 10000 characters");
    auto seen = std::any_of(s.notes.begin(), s.notes.end(),
                            [&](auto& n) { return n.note_id == c.note_id; });
    if (seen)
      return std::vector<ticket_event>{}; // a retry: already there
    return std::vector<ticket_event>{
      note_added{c.note_id, c.text, c.internal, c.by, c.at}};
  }

  decision operator()(const move_ticket& c) const {
    auto from = static_cast<int>(s.status);
    auto to = static_cast<int>(c.to);
    bool adjacent = std::abs(to - from) == 1;
    if (c.to == ticket_status::none || !adjacent
        || s.status == ticket_status::delivered)
      return domain_error{domain_errc::illegal_transition,
                          "cannot move ticket from '"
                            + std::string{to_string(s.status)} + "' to '"
                            + std::string{to_string(c.to)} + "'"};
    return std::vector<ticket_event>{ticket_moved{s.status, c.to, c.by, c.at}};
  }
};

} // namespace

decision decide(const ticket_state& state, const ticket_command& cmd) {
  if (state.status == ticket_status::none
      && !std::holds_alternative<open_ticket>(cmd))
    return domain_error{domain_errc::not_found, "ticket not found"};
  return std::visit(decider{state}, cmd);
}

} // namespace souk::ticket
