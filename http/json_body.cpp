#include "http/json_body.hpp"

namespace souk {

namespace {

using simdjson::ondemand::json_type;

std::string got(simdjson::ondemand::value& v) {
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n'))
    raw.remove_suffix(1);
  if (raw.size() > 40)
    return std::string{raw.substr(0, 40)} + "...";
  return std::string{raw};
}

std::optional<std::string> expected_type(const char* type,
                                         simdjson::ondemand::value& v) {
  return "Expected type: '" + std::string{type} + "' for field '%s', got: '"
         + got(v) + "'";
}

} // namespace

std::optional<std::string>
read_body(const std::string& body,
          const std::map<std::string, field_reader>& fields) {
  thread_local simdjson::ondemand::parser parser;
  simdjson::padded_string json{body.empty() ? std::string{"{}"} : body};
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(json).get(doc) || doc.get_object().get(obj))
    return "Invalid request: the body must be a JSON object";
  std::string problems;
  std::string unknown;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key))
      return "Invalid request: malformed JSON";
    auto value = field.value();
    auto i = fields.find(std::string{key});
    if (i == fields.end()) {
      unknown += (unknown.empty() ? "'" : ", '") + std::string{key} + "'";
      continue;
    }
    simdjson::ondemand::value v;
    if (value.get(v))
      return "Invalid request: malformed JSON";
    if (auto problem = i->second(v)) {
      auto p = *problem;
      if (auto at = p.find("%s"); at != std::string::npos)
        p.replace(at, 2, key);
      problems += (problems.empty() ? "" : "; ") + p;
    }
  }
  if (!unknown.empty())
    problems += (problems.empty() ? "" : "; ")
                + std::string{"Unrecognized fields: "} + unknown;
  if (problems.empty())
    return std::nullopt;
  return "Invalid request: " + problems;
}

field_reader text(std::string& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    std::string_view s;
    if (v.get_string().get(s))
      return expected_type("string", v);
    out = s;
    return std::nullopt;
  };
}

field_reader text(std::optional<std::string>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    std::string_view s;
    if (v.get_string().get(s))
      return expected_type("string", v);
    out = std::string{s};
    return std::nullopt;
  };
}

field_reader integer(std::int64_t& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    if (v.get_int64().get(out))
      return expected_type("integer", v);
    return std::nullopt;
  };
}

field_reader integer(std::optional<std::int64_t>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    std::int64_t n = 0;
    if (v.get_int64().get(n))
      return expected_type("integer", v);
    out = n;
    return std::nullopt;
  };
}

field_reader number_text(std::optional<std::string>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    simdjson::ondemand::json_type t;
    if (v.type().get(t) || t != json_type::number)
      return expected_type("number", v);
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n'))
      raw.remove_suffix(1);
    out = std::string{raw};
    return std::nullopt;
  };
}

field_reader strings(std::optional<std::vector<std::string>>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    simdjson::ondemand::array a;
    if (v.get_array().get(a))
      return expected_type("array", v);
    std::vector<std::string> xs;
    for (auto x : a) {
      std::string_view s;
      if (x.get_string().get(s))
        return std::string{"Expected an array of strings for field '%s'"};
      xs.emplace_back(s);
    }
    out = std::move(xs);
    return std::nullopt;
  };
}

field_reader boolean(std::optional<bool>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    bool b = false;
    if (v.get_bool().get(b))
      return expected_type("boolean", v);
    out = b;
    return std::nullopt;
  };
}

field_reader postal_address(std::optional<cart::address>& out) {
  return [&out](simdjson::ondemand::value& v) -> std::optional<std::string> {
    simdjson::ondemand::object o;
    if (v.get_object().get(o))
      return expected_type("object", v);
    cart::address a;
    std::map<std::string, std::string*> known{
      {"first_name", &a.first_name},     {"last_name", &a.last_name},
      {"company", &a.company},           {"address_1", &a.address_1},
      {"address_2", &a.address_2},       {"city", &a.city},
      {"province", &a.province},         {"postal_code", &a.postal_code},
      {"country_code", &a.country_code}, {"phone", &a.phone}};
    for (auto field : o) {
      std::string_view key;
      if (field.unescaped_key().get(key))
        return std::string{"malformed address"};
      simdjson::ondemand::value fv;
      if (field.value().get(fv))
        return std::string{"malformed address"};
      auto i = known.find(std::string{key});
      if (i == known.end()) {
        if (key == "metadata")
          continue;
        return "Unrecognized field '" + std::string{key} + "' in '%s'";
      }
      if (fv.is_null())
        continue;
      std::string_view s;
      if (fv.get_string().get(s))
        return "Expected type: 'string' for field '%s." + std::string{key}
               + "', got: '" + got(fv) + "'";
      *i->second = s;
    }
    for (auto& c : a.country_code)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    out = std::move(a);
    return std::nullopt;
  };
}

field_reader ignored() {
  return [](simdjson::ondemand::value& v) -> std::optional<std::string> {
    // Consume it, so the document is walked to its end.
    std::string_view raw;
    simdjson::ondemand::json_type t;
    if (v.type().get(t))
      return std::string{"malformed value for '%s'"};
    if (t == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object o;
      if (v.get_object().get(o) || o.raw_json().get(raw))
        return std::string{"malformed value for '%s'"};
    } else if (t == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array a;
      if (v.get_array().get(a) || a.raw_json().get(raw))
        return std::string{"malformed value for '%s'"};
    }
    return std::nullopt;
  };
}

} // namespace souk
