#include "actors/ticket/ticket_views.hpp"

#include <openssl/sha.h>

#include "actors/runtime/units.hpp"
#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

ticket_flags flags_of(const ticket_state& s) {
  ticket_flags f;
  f.status = s.status;
  f.brief_empty = s.brief.empty();
  if (auto p = s.latest_proof())
    f.latest_proof = p->status;
  for (auto i = s.notes.rbegin(); i != s.notes.rend(); ++i)
    if (!i->internal) {
      f.last_public_note = role_of(i->by);
      break;
    }
  return f;
}

std::vector<action> actions_for(const ticket_flags& f, viewer v) {
  std::vector<action> customer;
  bool artwork_open = f.status == ticket_status::brief_received
                      || f.status == ticket_status::designing_artwork;
  if (f.status == ticket_status::delivered || f.status == ticket_status::none)
    return {};
  if (artwork_open && f.brief_empty)
    customer.push_back({"submit_brief", "Tell us what to print: the brief "
                                        "is empty."});
  if (f.status == ticket_status::designing_artwork
      && f.latest_proof == proof_status::pending)
    customer.push_back({"approve_proof", "A proof awaits your approval."});
  if (f.last_public_note == author_role::support)
    customer.push_back({"reply_to_support", "Support wrote to you."});
  if (v == viewer::customer)
    return customer;
  std::vector<action> support;
  if (f.last_public_note == author_role::customer
      || f.latest_proof == proof_status::changes_requested)
    support.push_back({"waiting_on_support", "The customer waits for us."});
  if (!customer.empty())
    support.push_back({"waiting_on_customer", "We wait for the customer."});
  return support;
}

std::string_view visible_author_id(std::string_view by, viewer v) {
  if (v == viewer::customer && role_of(by) == author_role::support)
    return {};
  return author_id(by);
}

std::vector<const ticket_note*> visible_notes(const ticket_state& s, viewer v) {
  std::vector<const ticket_note*> out;
  for (auto& n : s.notes)
    if (v == viewer::support || !n.internal)
      out.push_back(&n);
  return out;
}

namespace {

// The fields of `to` that differ from `from`: [{field, from, to}].
void write_brief_diff(json_writer& w, const ticket_brief& from,
                      const ticket_brief& to) {
  w.key("changes").begin_array();
  auto text
    = [&](const char* field, const std::string& a, const std::string& b) {
        if (a != b)
          w.begin_object()
            .key("field")
            .value(field)
            .key("from")
            .value(a)
            .key("to")
            .value(b)
            .end_object();
      };
  auto list = [&](const char* field, const std::vector<std::string>& a,
                  const std::vector<std::string>& b) {
    if (a == b)
      return;
    w.begin_object().key("field").value(field).key("from");
    write_strings(w, a);
    w.key("to");
    write_strings(w, b);
    w.end_object();
  };
  text("text", from.text, to.text);
  list("colors", from.colors, to.colors);
  text("print_size", from.print_size, to.print_size);
  text("quantity_notes", from.quantity_notes, to.quantity_notes);
  list("reference_urls", from.reference_urls, to.reference_urls);
  w.end_array();
}

void write_file(json_writer& w, const ticket_file& f) {
  w.key("file")
    .begin_object()
    .key("id")
    .value(f.id)
    .key("filename")
    .value(f.filename)
    .key("content_type")
    .value(f.content_type)
    .key("size")
    .value(f.size)
    .end_object();
}

struct entry_writer {
  json_writer& w;
  ticket_brief& brief; // the brief before the event

  // The entry's type; `hidden_from` left out what `v` may not see.
  const char* operator()(const ticket_opened& e) {
    brief = e.brief;
    w.key("order_id").value(e.order_id);
    w.key("line_item_id").value(e.line_item_id);
    return "opened";
  }
  const char* operator()(const brief_updated& e) {
    write_brief_diff(w, brief, e.brief);
    brief = e.brief;
    return "brief_updated";
  }
  const char* operator()(const note_added& e) {
    w.key("note_id").value(e.note_id);
    w.key("text").value(e.text);
    w.key("internal").value(e.internal);
    return "note_added";
  }
  const char* operator()(const ticket_moved& e) {
    w.key("from").value(to_string(e.from));
    w.key("to").value(to_string(e.to));
    w.key("reason").value_or_null(e.reason);
    return "status_changed";
  }
  const char* operator()(const attachment_added& e) {
    write_file(w, e.file);
    return "attachment_added";
  }
  const char* operator()(const proof_attached& e) {
    write_file(w, e.file);
    return "proof_attached";
  }
  const char* operator()(const proof_decided& e) {
    w.key("proof_id").value(e.proof_id);
    w.key("decision").value(to_string(e.decision));
    w.key("comment").value_or_null(e.comment);
    return "proof_decided";
  }
  const char* operator()(const ticket_assigned& e) {
    w.key("from").value_or_null(e.from);
    w.key("to").value_or_null(e.to);
    return "assigned";
  }
  const char* operator()(const ticket_voided&) { return "voided"; }
};

} // namespace

bool hidden_from(const ticket_event& e, viewer v) {
  if (std::holds_alternative<ticket_voided>(e))
    return true;
  if (v == viewer::support)
    return false;
  if (auto* n = std::get_if<note_added>(&e))
    return n->internal;
  return std::holds_alternative<ticket_assigned>(e);
}

void write_history(json_writer& w, const std::vector<versioned_event>& events,
                   viewer v) {
  ticket_brief brief;
  w.begin_array();
  for (auto& [version, event] : events) {
    if (hidden_from(event, v)) {
      if (auto* o = std::get_if<ticket_opened>(&event))
        brief = o->brief;
      continue;
    }
    auto [by, at] = std::visit(
      [](auto& e) {
        return std::pair<std::string, std::int64_t>{e.by, e.at};
      },
      event);
    w.begin_object();
    w.key("version").value(version);
    w.key("actor_id").value_or_null(visible_author_id(by, v));
    w.key("actor_role").value(to_string(role_of(by)));
    w.key("created_at").value(iso_time(at));
    auto type = std::visit(entry_writer{w, brief}, event);
    w.key("type").value(type);
    w.end_object();
  }
  w.end_array();
}

std::string ticket_id_for(const std::string& order_id,
                          const std::string& line_item_id) {
  static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto text = order_id + "\n" + line_item_id;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest);
  std::string out = "tkt_";
  // 26 characters of 5 bits each: 130 bits of the digest.
  for (int i = 0; i < 26; ++i) {
    int bit = i * 5;
    int byte = bit / 8;
    int shift = bit % 8;
    unsigned value = (digest[byte] << 8 | digest[byte + 1]) >> (11 - shift);
    out += alphabet[value & 31];
  }
  return out;
}

} // namespace souk::ticket
