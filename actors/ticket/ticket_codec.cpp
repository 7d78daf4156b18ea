#include "actors/ticket/ticket_codec.hpp"

#include "actors/runtime/event_json.hpp"
#include "actors/ticket/ticket_json.hpp"

namespace souk::ticket {

namespace {

using result = expected<ticket_event, std::string>;
using object = simdjson::ondemand::object;

struct encoder {
  json_writer& w;

  const char* operator()(const ticket_opened& e) {
    w.key("order_id").value(e.order_id);
    w.key("order_display_id").value(e.order_display_id);
    w.key("number").value(e.number);
    w.key("line_item_id").value(e.line_item_id);
    w.key("customer_id").value(e.customer_id);
    w.key("customer_email").value(e.customer_email);
    w.key("product_title").value(e.product_title);
    w.key("variant_title").value(e.variant_title);
    w.key("quantity").value(e.quantity);
    w.key("brief").begin_object();
    write_brief(w, e.brief);
    w.end_object();
    return event_names::opened;
  }
  const char* operator()(const brief_updated& e) {
    w.key("brief").begin_object();
    write_brief(w, e.brief);
    w.end_object();
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
  const char* operator()(const attachment_added& e) {
    w.key("file").begin_object();
    write_file_fields(w, e.file);
    w.end_object();
    return event_names::attachment_added;
  }
  const char* operator()(const proof_attached& e) {
    w.key("file").begin_object();
    write_file_fields(w, e.file);
    w.end_object();
    return event_names::proof_attached;
  }
  const char* operator()(const proof_decided& e) {
    w.key("proof_id").value(e.proof_id);
    w.key("decision").value(to_string(e.decision));
    w.key("comment").value(e.comment);
    return event_names::proof_decided;
  }
  const char* operator()(const ticket_assigned& e) {
    w.key("from").value(e.from);
    w.key("to").value(e.to);
    return event_names::assigned;
  }
  const char* operator()(const ticket_voided& e) {
    w.key("reason").value(e.reason);
    return event_names::voided;
  }
};

// A brief read from the object `key`.
auto brief_into(ticket_brief& b) {
  return [&b](object& o) { return read_brief(o, b); };
}
auto file_into(ticket_file& f) {
  return [&f](object& o) { return read_file(o, f); };
}

event_codec<ticket_event> make_codec() {
  event_codec<ticket_event> c;
  c.add(event_names::opened, [](object& o) -> result {
    ticket_opened e;
    json_fields f{o};
    f.str("order_id", e.order_id)
      .i64("order_display_id", e.order_display_id)
      .i64("number", e.number)
      .str("line_item_id", e.line_item_id)
      .str("customer_id", e.customer_id)
      .str("customer_email", e.customer_email)
      .str("product_title", e.product_title)
      .str("variant_title", e.variant_title)
      .i64("quantity", e.quantity)
      .object("brief", brief_into(e.brief));
    return finish_event<ticket_event>(f, std::move(e));
  });
  // v1: the title and the brief were texts; read as the product title and
  // the brief's text.
  c.add(event_names::opened_v1, [](object& o) -> result {
    ticket_opened e;
    json_fields f{o};
    f.str("order_id", e.order_id)
      .str("line_item_id", e.line_item_id)
      .str("customer_id", e.customer_id)
      .str("title", e.product_title)
      .str("brief", e.brief.text);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::brief_updated, [](object& o) -> result {
    brief_updated e;
    json_fields f{o};
    f.object("brief", brief_into(e.brief));
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::brief_updated_v1, [](object& o) -> result {
    brief_updated e;
    json_fields f{o};
    f.str("brief", e.brief.text);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::note_added, [](object& o) -> result {
    note_added e;
    json_fields f{o};
    f.str("note_id", e.note_id)
      .str("text", e.text)
      .boolean("internal", e.internal);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::moved, [](object& o) -> result {
    ticket_moved e;
    if (auto problem = read_move(o, e))
      return *problem;
    return ticket_event{std::move(e)};
  });
  c.add(event_names::attachment_added, [](object& o) -> result {
    attachment_added e;
    json_fields f{o};
    f.object("file", file_into(e.file));
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::proof_attached, [](object& o) -> result {
    proof_attached e;
    json_fields f{o};
    f.object("file", file_into(e.file));
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::proof_decided, [](object& o) -> result {
    proof_decided e;
    std::string decision;
    json_fields f{o};
    f.str("proof_id", e.proof_id)
      .str("decision", decision)
      .str("comment", e.comment);
    if (decision == "approved")
      e.decision = proof_status::approved;
    else if (decision == "changes_requested")
      e.decision = proof_status::changes_requested;
    else if (!f.error())
      return "unknown proof decision '" + decision + "'";
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::assigned, [](object& o) -> result {
    ticket_assigned e;
    json_fields f{o};
    f.str("from", e.from).str("to", e.to);
    return finish_event<ticket_event>(f, std::move(e));
  });
  c.add(event_names::voided, [](object& o) -> result {
    ticket_voided e;
    json_fields f{o};
    f.str("reason", e.reason);
    return finish_event<ticket_event>(f, std::move(e));
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
