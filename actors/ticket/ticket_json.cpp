#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

void write_strings(json_writer& w, const std::vector<std::string>& list) {
  w.begin_array();
  for (auto& s : list)
    w.value(s);
  w.end_array();
}

void write_brief(json_writer& w, const ticket_brief& b) {
  w.key("text").value(b.text);
  w.key("colors");
  write_strings(w, b.colors);
  w.key("print_size").value(b.print_size);
  w.key("quantity_notes").value(b.quantity_notes);
  w.key("reference_urls");
  write_strings(w, b.reference_urls);
}

std::optional<std::string> read_brief(simdjson::ondemand::object& o,
                                      ticket_brief& out) {
  json_fields f{o};
  f.str("text", out.text)
    .strings("colors", out.colors)
    .str("print_size", out.print_size)
    .str("quantity_notes", out.quantity_notes)
    .strings("reference_urls", out.reference_urls);
  return f.error();
}

void write_file_fields(json_writer& w, const ticket_file& f) {
  w.key("id").value(f.id);
  w.key("filename").value(f.filename);
  w.key("content_type").value(f.content_type);
  w.key("size").value(f.size);
  w.key("sha256").value(f.sha256);
}

std::optional<std::string> read_file(simdjson::ondemand::object& o,
                                     ticket_file& out) {
  json_fields f{o};
  f.str("id", out.id)
    .str("filename", out.filename)
    .str("content_type", out.content_type)
    .i64("size", out.size)
    .str("sha256", out.sha256);
  return f.error();
}

void write_move_fields(json_writer& w, const ticket_moved& m) {
  w.key("from").value(to_string(m.from)).key("to").value(to_string(m.to));
  if (!m.reason.empty())
    w.key("reason").value(m.reason);
}

std::optional<std::string> read_move(simdjson::ondemand::object& o,
                                     ticket_moved& out) {
  std::string from;
  std::string to;
  json_fields f{o};
  f.str("from", from)
    .str("to", to)
    .optional_str("reason", out.reason)
    .str("by", out.by)
    .i64("at", out.at);
  if (f.error())
    return f.error();
  auto parsed_from = parse_status(from);
  auto parsed_to = parse_status(to);
  if (!parsed_from || !parsed_to)
    return "unknown ticket status '" + (parsed_from ? to : from) + "'";
  out.from = *parsed_from;
  out.to = *parsed_to;
  return std::nullopt;
}

} // namespace souk::ticket
