#include "http/field_selection.hpp"

#include <algorithm>

#include <simdjson.h>

#include "actors/runtime/json_writer.hpp"

namespace souk {

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool name_ok(std::string_view n) {
  if (n.empty())
    return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '_' || c == '.'))
      return false;
  return n.front() != '.' && n.back() != '.';
}

std::string top_of(std::string_view name) {
  return std::string{name.substr(0, name.find('.'))};
}

// The JSON text of `v`, whatever its type.
simdjson::error_code raw_of(value& v, std::string_view& out) {
  json_type type;
  if (auto err = v.type().get(type))
    return err;
  if (type == json_type::object) {
    object o;
    if (auto err = v.get_object().get(o))
      return err;
    return o.raw_json().get(out);
  }
  if (type == json_type::array) {
    simdjson::ondemand::array a;
    if (auto err = v.get_array().get(a))
      return err;
    return a.raw_json().get(out);
  }
  out = trim(v.raw_json_token());
  return simdjson::SUCCESS;
}

// Bare names replace the defaults; `*` and `+` names add to them, so with
// bare names their top-level fields stay too.
bool kept(const field_selection& s, const std::string& key) {
  if (s.removed.count(key))
    return false;
  if (s.only.empty() || key == "id" || s.only.count(key))
    return true;
  return std::any_of(s.added.begin(), s.added.end(),
                     [&key](auto& name) { return top_of(name) == key; });
}

// Writes the resource `o`, cut to the selection.
simdjson::error_code write_resource(json_writer& w, object& o,
                                    const field_selection& s) {
  w.begin_object();
  for (auto field : o) {
    std::string_view key;
    if (auto err = field.unescaped_key().get(key))
      return err;
    value v;
    if (auto err = field.value().get(v))
      return err;
    std::string name{key};
    std::string_view text;
    if (auto err = raw_of(v, text))
      return err;
    if (kept(s, name))
      w.key(name).raw(text);
  }
  w.end_object();
  return simdjson::SUCCESS;
}

simdjson::error_code write_value(json_writer& w, value& v,
                                 const field_selection& s) {
  json_type type;
  if (auto err = v.type().get(type))
    return err;
  if (type == json_type::object) {
    object o;
    if (auto err = v.get_object().get(o))
      return err;
    return write_resource(w, o, s);
  }
  if (type == json_type::array) {
    simdjson::ondemand::array a;
    if (auto err = v.get_array().get(a))
      return err;
    w.begin_array();
    for (auto element : a) {
      value e;
      if (auto err = element.get(e))
        return err;
      if (auto err = write_value(w, e, s))
        return err;
    }
    w.end_array();
    return simdjson::SUCCESS;
  }
  std::string_view text;
  if (auto err = raw_of(v, text))
    return err;
  w.raw(text);
  return simdjson::SUCCESS;
}

} // namespace

bool field_selection::wants(std::string_view name) const {
  std::string n{name};
  return added.count(n) > 0 || only.count(n) > 0;
}

expected<field_selection, std::string> parse_fields(std::string_view fields) {
  field_selection s;
  while (!fields.empty()) {
    auto comma = fields.find(',');
    auto entry = trim(fields.substr(0, comma));
    fields = comma == std::string_view::npos ? std::string_view{}
                                             : fields.substr(comma + 1);
    if (entry.empty())
      continue; // "a,,b" and a trailing comma, as the storefront sends
    char prefix = entry.front();
    auto name = prefix == '*' || prefix == '+' || prefix == '-'
                  ? entry.substr(1)
                  : entry;
    if (!name_ok(name))
      return "Invalid fields: '" + std::string{entry}
             + "' is not a field name (letters, digits, _ and ., with *, + "
               "or - in front)";
    if (prefix == '-') {
      // `-variants.options` would take one field of each variant: souk
      // leaves nested fields as they are, and removes only top-level ones.
      if (name.find('.') == std::string_view::npos)
        s.removed.insert(std::string{name});
    } else if (prefix == '*' || prefix == '+')
      s.added.insert(std::string{name});
    else
      s.only.insert(top_of(name));
  }
  return s;
}

std::string project(const std::string& body, const field_selection& s) {
  if (!s.changes_answer())
    return body;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{body};
  simdjson::ondemand::document doc;
  object top;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(top))
    return body;
  json_writer w;
  w.begin_object();
  for (auto field : top) {
    std::string_view key;
    value v;
    if (field.unescaped_key().get(key) || field.value().get(v))
      return body;
    w.key(key);
    if (write_value(w, v, s))
      return body;
  }
  w.end_object();
  return w.take();
}

} // namespace souk
