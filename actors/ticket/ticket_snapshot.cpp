#include "actors/ticket/ticket_snapshot.hpp"

#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

namespace {

using object = simdjson::ondemand::object;
using problem = std::optional<std::string>;

} // namespace

std::string encode_state(const ticket_state& s) {
  json_writer w;
  w.begin_object();
  w.key("version").value(s.version);
  w.key("status").value(to_string(s.status));
  w.key("voided").value(s.voided);
  w.key("order_id").value(s.order_id);
  w.key("order_display_id").value(s.order_display_id);
  w.key("number").value(s.number);
  w.key("line_item_id").value(s.line_item_id);
  w.key("customer_id").value(s.customer_id);
  w.key("customer_email").value(s.customer_email);
  w.key("product_title").value(s.product_title);
  w.key("variant_title").value(s.variant_title);
  w.key("quantity").value(s.quantity);
  w.key("brief").begin_object();
  write_brief(w, s.brief);
  w.end_object();
  w.key("assignee_id").value(s.assignee_id);
  w.key("opened_at").value(s.opened_at);
  w.key("updated_at").value(s.updated_at);
  w.key("status_changed_at").value(s.status_changed_at);
  w.key("notes").begin_array();
  for (auto& n : s.notes)
    w.begin_object()
      .key("note_id")
      .value(n.note_id)
      .key("text")
      .value(n.text)
      .key("internal")
      .value(n.internal)
      .key("by")
      .value(n.by)
      .key("at")
      .value(n.at)
      .end_object();
  w.end_array();
  w.key("attachments").begin_array();
  for (auto& a : s.attachments) {
    w.begin_object();
    w.key("file").begin_object();
    write_file_fields(w, a.file);
    w.end_object();
    w.key("proof").value(a.proof).key("by").value(a.by).key("at").value(a.at);
    w.end_object();
  }
  w.end_array();
  w.key("proofs").begin_array();
  for (auto& p : s.proofs)
    w.begin_object()
      .key("file_id")
      .value(p.file_id)
      .key("status")
      .value(to_string(p.status))
      .key("comment")
      .value(p.comment)
      .key("decided_by")
      .value(p.decided_by)
      .key("decided_at")
      .value(p.decided_at)
      .end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

std::optional<ticket_state> decode_state(std::string_view json) {
  return read_object(json, [](object& obj) -> std::optional<ticket_state> {
    ticket_state s;
    std::string status;
    json_fields f{obj};
    f.i64("version", s.version)
      .str("status", status)
      .boolean("voided", s.voided)
      .str("order_id", s.order_id)
      .i64("order_display_id", s.order_display_id)
      .i64("number", s.number)
      .str("line_item_id", s.line_item_id)
      .str("customer_id", s.customer_id)
      .str("customer_email", s.customer_email)
      .str("product_title", s.product_title)
      .str("variant_title", s.variant_title)
      .i64("quantity", s.quantity)
      .object("brief", [&](object& o) { return read_brief(o, s.brief); })
      .str("assignee_id", s.assignee_id)
      .i64("opened_at", s.opened_at)
      .i64("updated_at", s.updated_at)
      .i64("status_changed_at", s.status_changed_at)
      .objects("notes",
               [&](object& o) -> problem {
                 ticket_note n;
                 json_fields nf{o};
                 nf.str("note_id", n.note_id)
                   .str("text", n.text)
                   .boolean("internal", n.internal)
                   .str("by", n.by)
                   .i64("at", n.at);
                 s.notes.push_back(std::move(n));
                 return nf.error();
               })
      .objects("attachments",
               [&](object& o) -> problem {
                 ticket_attachment a;
                 json_fields af{o};
                 af.object("file",
                           [&](object& fo) { return read_file(fo, a.file); })
                   .boolean("proof", a.proof)
                   .str("by", a.by)
                   .i64("at", a.at);
                 s.attachments.push_back(std::move(a));
                 return af.error();
               })
      .objects("proofs", [&](object& o) -> problem {
        ticket_proof p;
        std::string st;
        json_fields pf{o};
        pf.str("file_id", p.file_id)
          .str("status", st)
          .str("comment", p.comment)
          .str("decided_by", p.decided_by)
          .i64("decided_at", p.decided_at);
        auto parsed = parse_proof_status(st);
        if (!pf.error() && !parsed)
          return "unknown proof status '" + st + "'";
        if (parsed)
          p.status = *parsed;
        s.proofs.push_back(std::move(p));
        return pf.error();
      });
    auto parsed = parse_status(status);
    if (f.error() || !parsed)
      return std::nullopt;
    s.status = *parsed;
    return s;
  });
}

} // namespace souk::ticket
