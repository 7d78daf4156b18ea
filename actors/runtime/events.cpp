#include "actors/runtime/events.hpp"

#include <simdjson.h>

#include "actors/runtime/json_writer.hpp"

namespace souk {

std::string to_json(const event_metadata& metadata) {
  json_writer w;
  w.begin_object();
  auto field = [&](const char* name, const std::string& value) {
    if (!value.empty())
      w.key(name).value(value);
  };
  field("actor", metadata.actor);
  field("causation_id", metadata.causation_id);
  field("correlation_id", metadata.correlation_id);
  w.end_object();
  return w.take();
}

event_metadata metadata_from_json(std::string_view json) {
  event_metadata out;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(json.data(), json.size()).get(obj))
    return out;
  for (auto [key, value] : obj) {
    std::string_view text;
    if (value.get(text))
      continue;
    if (key == "actor")
      out.actor = text;
    else if (key == "causation_id")
      out.causation_id = text;
    else if (key == "correlation_id")
      out.correlation_id = text;
  }
  return out;
}

bool is_valid_json(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return !parser.parse(json.data(), json.size()).get(doc);
}

} // namespace souk
