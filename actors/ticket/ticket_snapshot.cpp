#include "actors/ticket/ticket_snapshot.hpp"

#include "actors/runtime/json_fields.hpp"
#include "actors/runtime/json_writer.hpp"

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
  for (auto& m : s.moves)
    w.begin_object()
      .key("from")
      .value(to_string(m.from))
      .key("to")
      .value(to_string(m.to))
      .key("by")
      .value(m.by)
      .key("at")
      .value(m.at)
      .end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

std::optional<ticket_state> decode_state(std::string_view json) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{json};
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj))
    return std::nullopt;
  ticket_state s;
  std::string status;
  bool bad_status = false;
  auto status_of = [&bad_status](const std::string& name) {
    auto st = parse_status(name);
    bad_status |= !st;
    return st.value_or(ticket_status::none);
  };
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
    .objects("notes",
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
    .objects("moves",
             [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
               ticket_moved m;
               std::string from;
               std::string to;
               json_fields mf{o};
               mf.str("from", from).str("to", to).str("by", m.by).i64("at",
                                                                      m.at);
               m.from = status_of(from);
               m.to = status_of(to);
               s.moves.push_back(std::move(m));
               return mf.error();
             });
  s.status = status_of(status);
  if (f.error() || bad_status)
    return std::nullopt;
  return s;
}

} // namespace souk::ticket
