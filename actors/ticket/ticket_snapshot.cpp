#include "actors/ticket/ticket_snapshot.hpp"

#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

std::string encode_state(const ticket_state& s) {
  json_writer w;
  w.begin_object()
    .key("version")
    .value(s.version)
    .key("status")
    .value(to_string(s.status))
    .key("order_id")
    .value(s.order_id)
    .key("line_item_id")
    .value(s.line_item_id)
    .key("customer_id")
    .value(s.customer_id)
    .key("title")
    .value(s.title)
    .key("brief")
    .value(s.brief)
    .key("opened_at")
    .value(s.opened_at)
    .key("updated_at")
    .value(s.updated_at);
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
  w.key("moves").begin_array();
  for (auto& m : s.moves) {
    w.begin_object();
    write_move_fields(w, m);
    w.key("by").value(m.by).key("at").value(m.at).end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::optional<ticket_state> decode_state(std::string_view json) {
  return read_object(
    json, [](simdjson::ondemand::object& obj) -> std::optional<ticket_state> {
      ticket_state s;
      std::string status;
      json_fields f{obj};
      f.i64("version", s.version)
        .str("status", status)
        .str("order_id", s.order_id)
        .str("line_item_id", s.line_item_id)
        .str("customer_id", s.customer_id)
        .str("title", s.title)
        .str("brief", s.brief)
        .i64("opened_at", s.opened_at)
        .i64("updated_at", s.updated_at)
        .objects(
          "notes",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
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
        .objects(
          "moves",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
            s.moves.emplace_back();
            return read_move(o, s.moves.back());
          });
      auto parsed = parse_status(status);
      if (f.error() || !parsed)
        return std::nullopt;
      s.status = *parsed;
      return s;
    });
}

} // namespace souk::ticket
