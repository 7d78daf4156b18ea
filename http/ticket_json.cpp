#include "http/ticket_json.hpp"

#include "actors/runtime/units.hpp"
#include "actors/ticket/ticket_json.hpp"

namespace souk {

using namespace ticket;

namespace {

void write_author(json_writer& w, const std::string& by, viewer v) {
  w.key("author_id").value_or_null(visible_author_id(by, v));
  w.key("author_role").value(to_string(role_of(by)));
}

std::string base_of(const std::string& id, viewer v) {
  return (v == viewer::support ? "/admin/tickets/" : "/store/tickets/") + id;
}

} // namespace

void write_brief_json(json_writer& w, const ticket_brief& b) {
  w.begin_object();
  write_brief(w, b); // the stored form is the API's
  w.end_object();
}

void write_actions(json_writer& w, const std::vector<action>& actions) {
  w.begin_array();
  for (auto& a : actions)
    w.begin_object()
      .key("code")
      .value(a.code)
      .key("message")
      .value(a.message)
      .end_object();
  w.end_array();
}

void write_ticket(json_writer& w, const std::string& id, const ticket_state& s,
                  viewer v) {
  w.begin_object();
  w.key("id").value(id);
  w.key("display_id").value(s.display_id());
  w.key("order_id").value(s.order_id);
  w.key("order_display_id").value(s.order_display_id);
  w.key("line_item_id").value(s.line_item_id);
  w.key("product_title").value(s.product_title);
  w.key("variant_title").value(s.variant_title);
  w.key("quantity").value(s.quantity);
  w.key("customer_id").value_or_null(s.customer_id);
  w.key("customer_email").value(s.customer_email);
  w.key("status").value(to_string(s.status));
  w.key("brief");
  write_brief_json(w, s.brief);
  w.key("notes").begin_array();
  for (auto* n : visible_notes(s, v)) {
    w.begin_object();
    w.key("id").value(n->note_id);
    w.key("text").value(n->text);
    w.key("internal").value(n->internal);
    write_author(w, n->by, v);
    w.key("created_at").value(iso_time(n->at));
    w.end_object();
  }
  w.end_array();
  auto base = base_of(id, v);
  w.key("attachments").begin_array();
  for (auto& a : s.attachments) {
    w.begin_object();
    w.key("id").value(a.file.id);
    w.key("kind").value(a.proof ? "proof" : "artwork");
    w.key("filename").value(a.file.filename);
    w.key("content_type").value(a.file.content_type);
    w.key("size").value(a.file.size);
    w.key("url").value(base + "/attachments/" + a.file.id);
    write_author(w, a.by, v);
    w.key("created_at").value(iso_time(a.at));
    w.end_object();
  }
  w.end_array();
  w.key("proofs").begin_array();
  for (auto& p : s.proofs) {
    w.begin_object();
    w.key("id").value(p.file_id);
    w.key("status").value(to_string(p.status));
    w.key("comment").value_or_null(p.comment);
    if (p.decided_at)
      w.key("decided_at").value(iso_time(p.decided_at));
    else
      w.key("decided_at").null();
    w.end_object();
  }
  w.end_array();
  if (v == viewer::support)
    w.key("assignee_id").value_or_null(s.assignee_id);
  else
    w.key("assignee_id").null();
  w.key("actions_required");
  write_actions(w, actions_for(flags_of(s), v));
  w.key("version").value(s.version);
  w.key("created_at").value(iso_time(s.opened_at));
  w.key("updated_at").value(iso_time(s.updated_at));
  w.key("status_changed_at").value(iso_time(s.status_changed_at));
  w.end_object();
}

std::string ticket_body(const std::string& id, const ticket_state& s,
                        viewer v) {
  json_writer w;
  w.begin_object().key("ticket");
  write_ticket(w, id, s, v);
  w.end_object();
  return w.take();
}

} // namespace souk
