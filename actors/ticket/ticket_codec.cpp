#include "actors/ticket/ticket_codec.hpp"

#include "actors/runtime/event_json.hpp"
#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

namespace {

using result = expected<ticket_event, std::string>;

struct encoder {
  json_writer& w;

  const char* operator()(const ticket_opened& e) {
    w.key("order_id").value(e.order_id);
    w.key("line_item_id").value(e.line_item_id);
    w.key("customer_id").value(e.customer_id);
    w.key("title").value(e.title);
    w.key("brief").value(e.brief);
    return event_names::opened;
  }
  const char* operator()(const brief_updated& e) {
    w.key("brief").value(e.brief);
    return event_names::brief_updated;
  }
  const char* operator()(const note_added& e) {
    w.key("note_id").value(e.note_id);
    w.key("text").value(e.text);
    w.key("internal").value(e.internal);
    return event_names::note_added;
  }
  const char* operator()(const ticket_moved& e) {
    write_move_fields(w, e);
    return event_names::moved;
  }
};

event_codec<ticket_event> make_codec() {
  event_codec<ticket_event> c;
  c.add(event_names::opened, [](simdjson::ondemand::object& o) -> result {
    ticket_opened e;
    json_fields f{o};
    f.str("order_id", e.order_id)
      .str("line_item_id", e.line_item_id)
      .str("customer_id", e.customer_id)
      .str("title", e.title)
      .str("brief", e.brief);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::brief_updated,
        [](simdjson::ondemand::object& o) -> result {
          brief_updated e;
          json_fields f{o};
          f.str("brief", e.brief);
          return finish_event<ticket_event>(f, std::move(e));
        });
  c.add(event_names::note_added, [](simdjson::ondemand::object& o) -> result {
    note_added e;
    json_fields f{o};
    f.str("note_id", e.note_id)
      .str("text", e.text)
      .boolean("internal", e.internal);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::moved, [](simdjson::ondemand::object& o) -> result {
    ticket_moved e;
    if (auto problem = read_move(o, e))
      return *problem;
    return ticket_event{std::move(e)};
  });
  return c;
}

} // namespace

new_event encode(const ticket_event& event) {
  return encode_event<encoder>(event);
}

const event_codec<ticket_event>& codec() {
  static const auto instance = make_codec();
  return instance;
}

} // namespace souk::ticket
