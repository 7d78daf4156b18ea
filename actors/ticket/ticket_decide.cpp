#include "actors/ticket/ticket_decide.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace souk::ticket {

namespace {

using events = std::vector<ticket_event>;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

domain_error refused(std::string message) {
  return {domain_errc::illegal_transition, std::move(message)};
}

std::string quoted(ticket_status s) {
  // Appended, not `"'" + std::string{...}`: g++ 12 at -O2 takes that for a
  // memcpy past the maximum object size (-Wstringop-overflow, -Werror).
  std::string out{"'"};
  out += to_string(s);
  out += '\'';
  return out;
}

bool artwork_open(ticket_status s) {
  return s == ticket_status::brief_received
         || s == ticket_status::designing_artwork;
}

std::optional<domain_error> check_file(const ticket_file& f) {
  if (f.id.empty() || f.filename.empty() || f.content_type.empty())
    return invalid("a file needs an id, a name and a content type");
  if (f.size <= 0)
    return invalid("a file cannot be empty");
  return std::nullopt;
}

struct decider {
  const ticket_state& s;

  // Support (or the system) only.
  std::optional<domain_error> support_only(std::string_view by,
                                           const char* what) const {
    if (role_of(by) == author_role::customer)
      return refused(std::string{"only support "} + what);
    return std::nullopt;
  }

  std::optional<domain_error> customer_only(std::string_view by,
                                            const char* what) const {
    if (role_of(by) != author_role::customer)
      return refused(std::string{"only the customer "} + what);
    return std::nullopt;
  }

  decision operator()(const open_ticket& c) const {
    auto& d = c.details;
    if (s.status != ticket_status::none) {
      if (s.order_id == d.order_id && s.line_item_id == d.line_item_id)
        return events{}; // the same item again: a repeated step
      return domain_error{domain_errc::already_exists,
                          "the ticket has already been opened"};
    }
    if (d.order_id.empty() || d.line_item_id.empty())
      return invalid("a ticket needs the order and the item it belongs to");
    if (d.product_title.empty())
      return invalid("a ticket needs a product title");
    if (d.quantity <= 0 || d.number <= 0)
      return invalid("a ticket needs a quantity and its number in the order");
    if (auto problem = check_brief(d.brief))
      return invalid(*problem);
    return events{d};
  }

  decision operator()(const update_brief& c) const {
    if (auto no = customer_only(c.by, "edits the brief"))
      return *no;
    if (!artwork_open(s.status))
      return refused("the brief is locked once the ticket is "
                     + quoted(s.status));
    auto brief = s.brief;
    auto& p = c.brief;
    if (p.text)
      brief.text = *p.text;
    if (p.colors)
      brief.colors = *p.colors;
    if (p.print_size)
      brief.print_size = *p.print_size;
    if (p.quantity_notes)
      brief.quantity_notes = *p.quantity_notes;
    if (p.reference_urls)
      brief.reference_urls = *p.reference_urls;
    if (auto problem = check_brief(brief))
      return invalid(*problem);
    if (brief == s.brief)
      return events{};
    return events{brief_updated{std::move(brief), c.by, c.at}};
  }

  decision operator()(const add_note& c) const {
    if (c.note_id.empty())
      return invalid("a note needs an id");
    if (c.text.empty())
      return invalid("a note needs text");
    if (c.text.size() > text_limits::note)
      return invalid("a note is at most 10000 characters");
    if (c.internal && role_of(c.by) == author_role::customer)
      return invalid("only support writes internal notes");
    auto seen = std::any_of(s.notes.begin(), s.notes.end(),
                            [&](auto& n) { return n.note_id == c.note_id; });
    if (seen)
      return events{}; // a retry: already there
    return events{note_added{c.note_id, c.text, c.internal, c.by, c.at}};
  }

  decision operator()(const move_ticket& c) const {
    if (auto no = support_only(c.by, "moves a ticket"))
      return *no;
    auto from = static_cast<int>(s.status);
    auto to = static_cast<int>(c.to);
    if (c.to == ticket_status::none || std::abs(to - from) != 1
        || s.status == ticket_status::delivered)
      return refused("cannot move ticket from " + quoted(s.status) + " to "
                     + quoted(c.to));
    if (c.reason.size() > text_limits::reason)
      return invalid("a reason is at most 1000 characters");
    if (to < from && c.reason.empty())
      return invalid("moving a ticket back to " + quoted(c.to)
                     + " needs a reason");
    if (c.to == ticket_status::fulfilling && c.reason.empty()) {
      auto proof = s.latest_proof();
      if (!proof || proof->status != proof_status::approved)
        return refused("the latest proof is not approved: give a reason to "
                       "move to 'fulfilling' without it");
    }
    return events{ticket_moved{s.status, c.to, c.reason, c.by, c.at}};
  }

  decision operator()(const add_attachment& c) const {
    if (auto no = customer_only(c.by, "adds artwork files"))
      return *no;
    if (!artwork_open(s.status))
      return refused("files can no longer be added once the ticket is "
                     + quoted(s.status));
    return add_file(c.file, [&] {
      return attachment_added{c.file, c.by, c.at};
    });
  }

  decision operator()(const attach_proof& c) const {
    if (auto no = support_only(c.by, "attaches proofs"))
      return *no;
    if (s.status != ticket_status::designing_artwork)
      return refused("a proof is attached while the artwork is designed, not "
                     "when the ticket is "
                     + quoted(s.status));
    return add_file(c.file, [&] { return proof_attached{c.file, c.by, c.at}; });
  }

  template <class Make>
  decision add_file(const ticket_file& f, Make make) const {
    if (auto problem = check_file(f))
      return *problem;
    if (s.attachment(f.id))
      return events{};
    if (s.attachments.size() >= text_limits::attachments)
      return invalid("a ticket holds at most 50 files");
    return events{make()};
  }

  decision operator()(const decide_proof& c) const {
    if (auto no = customer_only(c.by, "decides on a proof"))
      return *no;
    auto proof = s.latest_proof();
    if (!proof || proof->file_id != c.proof_id) {
      auto older = std::any_of(s.proofs.begin(), s.proofs.end(), [&](auto& p) {
        return p.file_id == c.proof_id;
      });
      return older ? refused("a newer proof replaced this one")
                   : invalid("the ticket has no proof '" + c.proof_id + "'");
    }
    if (proof->status == c.decision && proof->comment == c.comment)
      return events{}; // the same answer again
    if (s.status != ticket_status::designing_artwork)
      return refused("proofs are decided while the artwork is designed, not "
                     "when the ticket is "
                     + quoted(s.status));
    if (proof->status != proof_status::pending)
      return refused("the proof was " + std::string{to_string(proof->status)}
                     + " already");
    if (c.decision == proof_status::pending)
      return invalid("a decision approves or requests changes");
    if (c.comment.size() > text_limits::comment)
      return invalid("a comment is at most 5000 characters");
    if (c.decision == proof_status::changes_requested && c.comment.empty())
      return invalid("requesting changes needs a comment");
    return events{proof_decided{c.proof_id, c.decision, c.comment, c.by, c.at}};
  }

  decision operator()(const assign_ticket& c) const {
    if (auto no = support_only(c.by, "assigns tickets"))
      return *no;
    if (c.assignee_id == s.assignee_id)
      return events{};
    return events{ticket_assigned{s.assignee_id, c.assignee_id, c.by, c.at}};
  }

  decision operator()(const void_ticket& c) const {
    return events{ticket_voided{c.reason, c.by, c.at}};
  }

  decision operator()(const get_ticket&) const { return events{}; }
};

// The version a write was made against, if it names one.
std::optional<std::int64_t> version_of(const ticket_command& cmd) {
  return std::visit(
    [](auto& c) -> std::optional<std::int64_t> {
      if constexpr (requires { c.version; })
        return c.version;
      else
        return std::nullopt;
    },
    cmd);
}

} // namespace

decision decide(const ticket_state& state, const ticket_command& cmd) {
  bool opening = std::holds_alternative<open_ticket>(cmd);
  if ((state.status == ticket_status::none && !opening) || state.voided) {
    if (state.voided && std::holds_alternative<void_ticket>(cmd))
      return events{};
    return domain_error{domain_errc::not_found, "ticket not found"};
  }
  if (auto v = version_of(cmd); v && *v != state.version)
    return domain_error{domain_errc::stale_version,
                        "the ticket changed: it is at version "
                          + std::to_string(state.version) + ", not "
                          + std::to_string(*v)};
  return std::visit(decider{state}, cmd);
}

} // namespace souk::ticket
