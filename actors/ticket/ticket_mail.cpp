#include "actors/ticket/ticket_mail.hpp"

#include <map>

#include <simdjson.h>

#include "actors/runtime/json_writer.hpp"
#include "actors/ticket/create_tickets.hpp"
#include "actors/ticket/ticket_codec.hpp"

namespace souk::ticket {

namespace {

using namespace workflows;
using fields = std::map<std::string, std::string>;

// What the step read of its input.
struct mail_input {
  std::string type;
  std::string stream;
  std::int64_t version = 0;
  std::string data; // the event's payload (JSON)
};

mail_input read_input(const std::string& json) {
  simdjson::dom::parser p;
  mail_input in;
  auto doc = p.parse(json);
  std::string_view s;
  if (doc.error())
    return in;
  if (!doc["type"].get(s))
    in.type = s;
  if (!doc["stream"].get(s))
    in.stream = s;
  if (doc["version"].get(in.version))
    in.version = 0;
  simdjson::dom::element data;
  if (!doc["data"].get(data))
    in.data = simdjson::minify(data);
  return in;
}

std::string status_label(ticket_status s) {
  switch (s) {
  case ticket_status::brief_received:
    return "Brief received";
  case ticket_status::designing_artwork:
    return "Designing artwork";
  case ticket_status::fulfilling:
    return "Fulfilling";
  case ticket_status::delivered:
    return "Delivered";
  case ticket_status::none:
    break;
  }
  return "New";
}

// The message to send: to whom, which template, with what.
struct letter {
  std::string to;
  std::string message;
  fields values;
};

// The listing of a tickets.created event.
std::optional<letter> tickets_created_letter(const mail_input& in,
                                             const ticket_mail_deps& deps) {
  simdjson::dom::parser p;
  auto doc = p.parse(in.data);
  std::string_view email;
  std::int64_t display = 0;
  simdjson::dom::array tickets;
  bool backfill = false;
  if (!doc["backfill"].get(backfill) && backfill)
    return std::nullopt; // old orders: their customers are not written to
  if (doc["email"].get(email) || email.empty()
      || doc["order_display_id"].get(display) || doc["tickets"].get(tickets))
    return std::nullopt;
  std::string list;
  for (auto t : tickets) {
    std::string_view id, product, variant;
    std::int64_t quantity = 0;
    if (t["display_id"].get(id) || t["product_title"].get(product)
        || t["variant_title"].get(variant) || t["quantity"].get(quantity))
      continue;
    list += "- " + std::string{id} + ": " + std::string{product};
    if (!variant.empty())
      list += " (" + std::string{variant} + ")";
    list += ", " + std::to_string(quantity) + " pcs\n";
  }
  return letter{std::string{email},
                "tickets-created",
                {{"order_display_id", std::to_string(display)},
                 {"count", std::to_string(tickets.size())},
                 {"tickets", list},
                 {"link", deps.storefront_url + "/account/tickets"}}};
}

// The letter a ticket event calls for, if any.
std::optional<letter> ticket_letter(const mail_input& in, const ticket_state& s,
                                    const std::string& id,
                                    const ticket_mail_deps& deps) {
  recorded_event raw;
  raw.stream_id = in.stream;
  raw.version = in.version;
  raw.type = in.type;
  raw.data = in.data;
  auto event = codec().decode(raw);
  if (!event)
    throw std::runtime_error(event.error().message);
  fields v{{"display_id", s.display_id()},
           {"product", s.product_title},
           {"link", deps.storefront_url + "/account/tickets/" + id},
           {"admin_link", deps.storefront_url + "/app/tickets/" + id}};
  auto to_customer = [&](const char* message) -> std::optional<letter> {
    if (s.customer_email.empty())
      return std::nullopt;
    return letter{s.customer_email, message, v};
  };
  auto to_assignee = [&](const char* message) -> std::optional<letter> {
    if (s.assignee_id.empty())
      return std::nullopt;
    auto email = deps.user_email(s.assignee_id);
    if (!email || email->empty())
      return std::nullopt;
    return letter{*email, message, v};
  };
  if (auto* m = std::get_if<ticket_moved>(&*event)) {
    v["status"] = status_label(m->to);
    v["reason"] = m->reason.empty() ? "" : "Why: " + m->reason + "\n";
    return to_customer("ticket-status-changed");
  }
  if (auto* n = std::get_if<note_added>(&*event)) {
    if (n->internal)
      return std::nullopt;
    v["text"] = n->text;
    return role_of(n->by) == author_role::customer
             ? to_assignee("ticket-customer-wrote")
             : to_customer("ticket-support-replied");
  }
  if (std::holds_alternative<proof_attached>(*event))
    return to_customer("ticket-proof-ready");
  if (auto* d = std::get_if<proof_decided>(&*event)) {
    v["decision"] = d->decision == proof_status::approved ? "approved"
                                                          : "changes requested";
    v["comment"] = d->comment;
    return to_assignee("ticket-proof-decided");
  }
  return std::nullopt;
}

std::string skipped(const char* why) {
  json_writer w;
  w.begin_object().key("skipped").value(why).end_object();
  return w.take();
}

} // namespace

std::vector<notifications::message_template> ticket_messages() {
  return {
    {"tickets-created",
     "Order #{{order_display_id}}: {{count}} items to work on together",
     "Thank you for your order #{{order_display_id}}. Each item is now a "
     "ticket we work on with you:\n\n{{tickets}}\nTell us what to print, "
     "follow the design and approve the proofs here:\n{{link}}\n",
     "<p>Thank you for your order #{{order_display_id}}. Each item is now a "
     "ticket we work on with you:</p><pre>{{tickets}}</pre><p>Tell us what "
     "to print, follow the design and approve the proofs "
     "<a href=\"{{link}}\">in your account</a>.</p>"},
    {"ticket-status-changed", "{{display_id}} is now: {{status}}",
     "Your item {{display_id}} ({{product}}) moved to \"{{status}}\".\n"
     "{{reason}}\nSee it here: {{link}}\n",
     "<p>Your item {{display_id}} ({{product}}) moved to "
     "<strong>{{status}}</strong>.</p><p>{{reason}}</p><p><a "
     "href=\"{{link}}\">See it in your account</a></p>"},
    {"ticket-support-replied", "New message about {{display_id}}",
     "Our team wrote about {{display_id}} ({{product}}):\n\n{{text}}\n\n"
     "Answer here: {{link}}\n",
     "<p>Our team wrote about {{display_id}} ({{product}}):</p>"
     "<blockquote style=\"white-space:pre-wrap\">{{text}}</blockquote>"
     "<p><a href=\"{{link}}\">Answer in your account</a></p>"},
    {"ticket-proof-ready", "A proof for {{display_id}} awaits your approval",
     "The proof for {{display_id}} ({{product}}) is ready. Approve it or "
     "tell us what to change:\n{{link}}\n",
     "<p>The proof for {{display_id}} ({{product}}) is ready.</p><p><a "
     "href=\"{{link}}\">Approve it or tell us what to change</a></p>"},
    {"ticket-customer-wrote", "The customer wrote on {{display_id}}",
     "{{text}}\n\nTicket {{display_id}} ({{product}}): {{admin_link}}\n",
     "<blockquote style=\"white-space:pre-wrap\">{{text}}</blockquote><p><a "
     "href=\"{{admin_link}}\">Ticket {{display_id}} ({{product}})</a></p>"},
    {"ticket-proof-decided", "Proof {{decision}} on {{display_id}}",
     "The customer {{decision}} the latest proof of {{display_id}} "
     "({{product}}).\n{{comment}}\n\n{{admin_link}}\n",
     "<p>The customer {{decision}} the latest proof of {{display_id}} "
     "({{product}}).</p><blockquote style=\"white-space:pre-wrap\">"
     "{{comment}}</blockquote><p><a href=\"{{admin_link}}\">Open the "
     "ticket</a></p>"},
  };
}

std::vector<std::string> ticket_mail_event_types() {
  return {event_names::moved, event_names::note_added,
          event_names::proof_attached, event_names::proof_decided};
}

std::string ticket_mail_key(const recorded_event& e) {
  if (e.type == event_names::note_added) {
    auto decoded = codec().decode(e);
    if (decoded && std::get<note_added>(*decoded).internal)
      return {};
  }
  return std::string{ticket_mail_workflow} + ":" + e.stream_id + ":v"
         + std::to_string(e.version);
}

std::string ticket_mail_input(const recorded_event& e) {
  json_writer w;
  w.begin_object()
    .key("type")
    .value(e.type)
    .key("stream")
    .value(e.stream_id)
    .key("version")
    .value(e.version)
    .key("data")
    .raw(e.data)
    .end_object();
  return w.take();
}

workflow_definition ticket_mail(ticket_mail_deps deps) {
  using namespace std::chrono_literals;
  // Every template must be fillable now, not when the first mail is due.
  for (auto& t : ticket_messages())
    if (auto tried
        = render(deps.message(t.name), fields{{"order_display_id", ""},
                                              {"count", ""},
                                              {"tickets", ""},
                                              {"link", ""},
                                              {"admin_link", ""},
                                              {"display_id", ""},
                                              {"product", ""},
                                              {"status", ""},
                                              {"reason", ""},
                                              {"text", ""},
                                              {"decision", ""},
                                              {"comment", ""}});
        !tried)
      throw std::invalid_argument{t.name + ": " + tried.error()};
  auto send = [deps](const step_context& ctx) -> step_outcome {
    auto in = read_input(ctx.input);
    std::optional<letter> l;
    std::string cause;
    if (in.type == tickets_created) {
      l = tickets_created_letter(in, deps);
      cause = "tickets.created:" + in.stream;
    } else {
      auto id = in.stream.substr(ticket_domain::stream("").size());
      auto s = deps.tickets.call(id, get_ticket{});
      if (!s)
        return s.error().code == domain_errc::not_found
                 ? step_outcome{skipped("no such ticket")}
                 : step_outcome{step_error{s.error().message, s.error().code}};
      l = ticket_letter(in, *s, id, deps);
      cause = in.stream + ":v" + std::to_string(in.version);
    }
    if (!l)
      return skipped("nobody to tell");
    auto text = render(deps.message(l->message), l->values);
    if (!text)
      return step_error{text.error()};
    auto n = notifications::make_notification(cause, l->to, text->subject,
                                              text->body, text->html);
    auto sent = deps.notifier->deliver(n);
    if (!sent)
      return step_error{sent.error()};
    return notifications::delivery_output(n, *sent);
  };
  return workflow(ticket_mail_workflow)
    .step("mail", blocking_step(deps.pool, send))
    .retry(5, 2s)
    .build();
}

} // namespace souk::ticket
