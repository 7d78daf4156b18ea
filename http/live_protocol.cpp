#include "http/live_protocol.hpp"

#include <simdjson.h>

#include "actors/runtime/json_writer.hpp"
#include "http/router.hpp"

namespace souk::live {

namespace {

using simdjson::dom::element;

// The strings of `field` (an array of strings), or why not.
std::variant<std::vector<std::string>, bad_frame> topics_of(element field) {
  simdjson::dom::array a;
  if (field.get_array().get(a))
    return bad_frame{"'topics' must be an array of strings"};
  if (a.size() == 0)
    return bad_frame{"'topics' must name at least one topic"};
  if (a.size() > max_topics_per_frame)
    return bad_frame{"'topics' may name at most "
                     + std::to_string(max_topics_per_frame) + " topics"};
  std::vector<std::string> out;
  for (auto t : a) {
    std::string_view s;
    if (t.get_string().get(s))
      return bad_frame{"'topics' must be an array of strings"};
    out.emplace_back(s);
  }
  return out;
}

std::string string_or_empty(element obj, const char* name) {
  std::string_view s;
  if (obj[name].get_string().get(s))
    return {};
  return std::string{s};
}

void write_topics(json_writer& w, const std::vector<std::string>& topics) {
  w.key("topics").begin_array();
  for (auto& t : topics)
    w.value(t);
  w.end_array();
}

} // namespace

std::string topic::text() const {
  std::string out = what == kind::tickets ? "tickets" : "orders";
  if (!id.empty())
    out += ":" + id;
  return out;
}

std::optional<topic> parse_topic(std::string_view text) {
  auto colon = text.find(':');
  auto head = text.substr(0, colon);
  topic t;
  if (head == "tickets")
    t.what = topic::kind::tickets;
  else if (head == "orders")
    t.what = topic::kind::orders;
  else
    return std::nullopt;
  if (colon == std::string_view::npos)
    return t;
  auto id = text.substr(colon + 1);
  if (!id_shaped(id) || id.find(':') != std::string_view::npos)
    return std::nullopt;
  t.id = std::string{id};
  return t;
}

client_frame parse_client_frame(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  element doc;
  if (parser.parse(text.data(), text.size()).get(doc))
    return bad_frame{"Frames are JSON objects; this one is not valid JSON"};
  if (!doc.is_object())
    return bad_frame{"Frames are JSON objects"};
  std::string_view type;
  if (doc["type"].get_string().get(type))
    return bad_frame{"A frame needs a string 'type'"};
  if (type == "ping")
    return ping_frame{};
  if (type == "auth") {
    auto token = string_or_empty(doc, "token");
    if (token.empty())
      return bad_frame{"'auth' needs a 'token'"};
    return auth_frame{std::move(token),
                      string_or_empty(doc, "publishable_key")};
  }
  if (type == "subscribe" || type == "unsubscribe") {
    element field;
    if (doc["topics"].get(field))
      return bad_frame{type == "subscribe" ? "'subscribe' needs 'topics'"
                                           : "'unsubscribe' needs 'topics'"};
    auto topics = topics_of(field);
    if (auto* bad = std::get_if<bad_frame>(&topics))
      return *bad;
    auto names = std::get<std::vector<std::string>>(std::move(topics));
    if (type == "unsubscribe")
      return unsubscribe_frame{std::move(names)};
    subscribe_frame s{std::move(names), std::nullopt};
    element since;
    if (!doc["since"].get(since) && !since.is_null()) {
      std::int64_t p = 0;
      if (since.get_int64().get(p) || p < 0)
        return bad_frame{"'since' must be a feed position (an integer >= 0)"};
      s.since = p;
    }
    return s;
  }
  return bad_frame{"Unknown frame type '" + std::string{type}
                   + "': expected auth, subscribe, unsubscribe or ping"};
}

std::string ready_frame(std::string_view actor) {
  json_writer w;
  w.begin_object().key("type").value("ready");
  w.key("actor").value(actor).end_object();
  return w.take();
}

std::string subscribed_frame(const std::vector<std::string>& topics,
                             std::int64_t position) {
  json_writer w;
  w.begin_object().key("type").value("subscribed");
  write_topics(w, topics);
  w.key("position").value(position).end_object();
  return w.take();
}

std::string unsubscribed_frame(const std::vector<std::string>& topics) {
  json_writer w;
  w.begin_object().key("type").value("unsubscribed");
  write_topics(w, topics);
  w.end_object();
  return w.take();
}

std::string pong_frame() {
  return R"({"type":"pong"})";
}

std::string error_frame(std::string_view code, std::string_view message,
                        std::string_view topic) {
  json_writer w;
  w.begin_object().key("type").value("error");
  w.key("code").value(code);
  w.key("message").value(message);
  if (!topic.empty())
    w.key("topic").value(topic);
  w.end_object();
  return w.take();
}

std::string resync_frame(std::string_view message) {
  json_writer w;
  w.begin_object().key("type").value("resync");
  w.key("message").value(message).end_object();
  return w.take();
}

std::string push_frame(std::string_view type, std::string_view topic,
                       std::int64_t position, std::string_view data_json) {
  json_writer w;
  w.begin_object().key("type").value(type);
  w.key("topic").value(topic);
  w.key("position").value(position);
  w.key("data").raw(data_json).end_object();
  return w.take();
}

} // namespace souk::live
