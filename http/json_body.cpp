#include "http/json_body.hpp"

#include <set>

namespace souk {

namespace {

using problem = std::optional<std::string>;
using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

// The most of a client's text a message repeats.
constexpr std::size_t max_echo = 40;

// At most `max_echo` bytes of `text`, cut before a character, not inside
// one (a body's text is valid UTF-8: simdjson checked it).
std::string echo(std::string_view text) {
  if (text.size() <= max_echo)
    return std::string{text};
  auto cut = max_echo;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string{text.substr(0, cut)} + "...";
}

std::string got(value& v) {
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n'))
    raw.remove_suffix(1);
  return echo(raw);
}

std::string expected_type(const char* type, value& v, const std::string& path) {
  return "Expected type: '" + std::string{type} + "' for field '" + path
         + "', got: '" + got(v) + "'";
}

std::string malformed(const std::string& path) {
  return path.empty() ? std::string{"malformed JSON"}
                      : "malformed JSON in field '" + path + "'";
}

std::string join(std::string all, const std::string& one) {
  return all.empty() ? one : std::move(all) + "; " + one;
}

// Every string in a body: PostgreSQL's text cannot hold U+0000 (it would be
// a 500 at the insert), and an unbounded one would be stored and rendered
// on every later read.
problem check_text(std::string_view s, std::size_t max_bytes,
                   const std::string& path) {
  if (s.find('\0') != std::string_view::npos)
    return "Field '" + path + "' must not contain the NUL character (U+0000)";
  if (s.size() > max_bytes)
    return "Field '" + path + "' must be at most " + std::to_string(max_bytes)
           + " bytes long, got " + std::to_string(s.size());
  return std::nullopt;
}

problem read_text(value& v, std::size_t max_bytes, const std::string& path,
                  std::string_view& out) {
  if (v.get_string().get(out))
    return expected_type("string", v, path);
  return check_text(out, max_bytes, path);
}

// Reads the fields of `obj`; `complete` tells whether it was read to its
// closing brace (not when the JSON broke off).
problem read_fields(simdjson::ondemand::object& obj,
                    const field_readers& fields, const std::string& prefix,
                    bool& complete) {
  complete = false;
  std::string problems;
  std::string unknown;
  std::set<std::string, std::less<>> seen;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key))
      return malformed(prefix);
    // A key twice (however it is escaped) could mean one thing to one
    // reader and another to the next: refused.
    if (!seen.emplace(key).second)
      return "Field '" + (prefix.empty() ? "" : prefix + ".") + echo(key)
             + "' is given twice";
    auto i = fields.find(std::string{key});
    if (i == fields.end()) {
      unknown += (unknown.empty() ? "'" : ", '")
                 + (prefix.empty() ? "" : prefix + ".") + echo(key) + "'";
      continue;
    }
    auto at
      = prefix.empty() ? std::string{key} : prefix + "." + std::string{key};
    value v;
    if (field.value().get(v))
      return malformed(prefix);
    if (auto p = i->second(v, at))
      problems = join(std::move(problems), *p);
  }
  complete = true;
  if (!unknown.empty())
    problems = join(std::move(problems), "Unrecognized fields: " + unknown);
  if (problems.empty())
    return std::nullopt;
  return problems;
}

// Walks `v` to its end: an ignored value must still be well-formed JSON
// (the on-demand parser checks only what it reads).
problem check_well_formed(value& v, const std::string& path) {
  json_type t;
  if (v.type().get(t))
    return malformed(path);
  switch (t) {
  case json_type::object: {
    simdjson::ondemand::object o;
    if (v.get_object().get(o))
      return malformed(path);
    for (auto field : o) {
      std::string_view key;
      value fv;
      if (field.unescaped_key().get(key) || field.value().get(fv))
        return malformed(path);
      if (auto p = check_well_formed(fv, path))
        return p;
    }
    return std::nullopt;
  }
  case json_type::array:
    return read_array(v, path, check_well_formed);
  case json_type::string: {
    std::string_view s;
    if (v.get_string().get(s))
      return malformed(path);
    return std::nullopt;
  }
  case json_type::number: {
    simdjson::ondemand::number n;
    if (v.get_number().get(n))
      return malformed(path);
    return std::nullopt;
  }
  case json_type::boolean: {
    bool b = false;
    if (v.get_bool().get(b))
      return malformed(path);
    return std::nullopt;
  }
  case json_type::null: {
    bool is_null = false;
    if (v.is_null().get(is_null) || !is_null)
      return malformed(path);
    return std::nullopt;
  }
  }
  return malformed(path);
}

} // namespace

std::optional<std::string> read_body(const std::string& body,
                                     const field_readers& fields) {
  // One sentence for a body that is no object and one with bytes after it:
  // the on-demand parser refuses `{…} x` before the object is opened.
  static const std::string not_one_object
    = "Invalid request: the body must be one JSON object and nothing after it";
  thread_local simdjson::ondemand::parser parser;
  simdjson::padded_string json{body.empty() ? std::string{"{}"} : body};
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(json).get(doc) || doc.get_object().get(obj))
    return not_one_object;
  bool complete = false;
  auto problems = read_fields(obj, fields, "", complete);
  if (!complete)
    return "Invalid request: " + *problems;
  // Past the object's closing brace the document must end.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS)
    return not_one_object;
  if (problems)
    return "Invalid request: " + *problems;
  return std::nullopt;
}

std::optional<std::string> read_object(value& v, const field_readers& fields,
                                       const std::string& path) {
  simdjson::ondemand::object obj;
  if (v.get_object().get(obj))
    return expected_type("object", v, path);
  bool complete = false;
  return read_fields(obj, fields, path, complete);
}

std::optional<std::string> read_array(value& v, const std::string& path,
                                      const field_reader& element) {
  simdjson::ondemand::array a;
  if (v.get_array().get(a))
    return expected_type("array", v, path);
  std::size_t i = 0;
  for (auto x : a) {
    auto at = path + "[" + std::to_string(i++) + "]";
    value e;
    if (x.get(e))
      return malformed(at);
    if (auto p = element(e, at))
      return p;
  }
  return std::nullopt;
}

field_reader text(std::string& out, std::size_t max_bytes) {
  return [&out, max_bytes](value& v, const std::string& path) -> problem {
    std::string_view s;
    if (auto p = read_text(v, max_bytes, path, s))
      return p;
    out = s;
    return std::nullopt;
  };
}

field_reader text(std::optional<std::string>& out, std::size_t max_bytes) {
  return [&out, max_bytes](value& v, const std::string& path) -> problem {
    std::string_view s;
    if (auto p = read_text(v, max_bytes, path, s))
      return p;
    out = std::string{s};
    return std::nullopt;
  };
}

field_reader text_or_null(std::optional<std::string>& out,
                          std::size_t max_bytes) {
  auto as_text = text(out, max_bytes);
  return [&out, as_text](value& v, const std::string& path) -> problem {
    bool null = false;
    if (!v.is_null().get(null) && null) {
      out = std::string{};
      return std::nullopt;
    }
    return as_text(v, path);
  };
}

field_reader integer(std::int64_t& out) {
  return [&out](value& v, const std::string& path) -> problem {
    if (v.get_int64().get(out))
      return expected_type("integer", v, path);
    return std::nullopt;
  };
}

field_reader integer(std::optional<std::int64_t>& out) {
  return [&out](value& v, const std::string& path) -> problem {
    std::int64_t n = 0;
    if (v.get_int64().get(n))
      return expected_type("integer", v, path);
    out = n;
    return std::nullopt;
  };
}

field_reader boolean(std::optional<bool>& out) {
  return [&out](value& v, const std::string& path) -> problem {
    bool b = false;
    if (v.get_bool().get(b))
      return expected_type("boolean", v, path);
    out = b;
    return std::nullopt;
  };
}

field_reader number_text(std::optional<std::string>& out) {
  return [&out](value& v, const std::string& path) -> problem {
    json_type t;
    if (v.type().get(t) || t != json_type::number)
      return expected_type("number", v, path);
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n'))
      raw.remove_suffix(1);
    out = std::string{raw};
    return std::nullopt;
  };
}

field_reader strings(std::vector<std::string>& out, std::size_t max_bytes) {
  return [&out, max_bytes](value& v, const std::string& path) -> problem {
    std::vector<std::string> xs;
    auto p = read_array(
      v, path, [&xs, max_bytes](value& x, const std::string& at) -> problem {
        std::string_view s;
        if (auto bad = read_text(x, max_bytes, at, s))
          return bad;
        xs.emplace_back(s);
        return std::nullopt;
      });
    if (p)
      return p;
    out = std::move(xs);
    return std::nullopt;
  };
}

field_reader strings(std::optional<std::vector<std::string>>& out,
                     std::size_t max_bytes) {
  return [&out, max_bytes](value& v, const std::string& path) -> problem {
    std::vector<std::string> xs;
    if (auto p = strings(xs, max_bytes)(v, path))
      return p;
    out = std::move(xs);
    return std::nullopt;
  };
}

field_reader string_map(std::map<std::string, std::string>& out) {
  return [&out](value& v, const std::string& path) -> problem {
    simdjson::ondemand::object o;
    if (v.get_object().get(o))
      return expected_type("object", v, path);
    std::map<std::string, std::string> xs;
    for (auto field : o) {
      std::string_view key;
      value fv;
      if (field.unescaped_key().get(key) || field.value().get(fv))
        return malformed(path);
      if (auto p = check_text(key, max_text_bytes, path + " (a key)"))
        return p;
      std::string_view s;
      if (auto p = read_text(fv, max_text_bytes, path + "." + echo(key), s))
        return p;
      xs[std::string{key}] = s;
    }
    out = std::move(xs);
    return std::nullopt;
  };
}

field_reader postal_address(std::optional<cart::address>& out) {
  return [&out](value& v, const std::string& path) -> problem {
    simdjson::ondemand::object o;
    if (v.get_object().get(o))
      return expected_type("object", v, path);
    cart::address a;
    std::map<std::string, std::string*> known{
      {"first_name", &a.first_name},     {"last_name", &a.last_name},
      {"company", &a.company},           {"address_1", &a.address_1},
      {"address_2", &a.address_2},       {"city", &a.city},
      {"province", &a.province},         {"postal_code", &a.postal_code},
      {"country_code", &a.country_code}, {"phone", &a.phone}};
    for (auto field : o) {
      std::string_view key;
      value fv;
      if (field.unescaped_key().get(key) || field.value().get(fv))
        return malformed(path);
      auto at = path + "." + echo(key);
      auto i = known.find(std::string{key});
      if (i == known.end()) {
        if (key == "metadata") {
          if (auto p = check_well_formed(fv, at))
            return p;
          continue;
        }
        return "Unrecognized fields: '" + at + "'";
      }
      bool is_null = false;
      if (!fv.is_null().get(is_null) && is_null)
        continue;
      std::string_view s;
      if (auto p = read_text(fv, max_text_bytes, at, s))
        return p;
      *i->second = s;
    }
    for (auto& c : a.country_code)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    out = std::move(a);
    return std::nullopt;
  };
}

field_reader object(field_readers fields) {
  return
    [fields = std::move(fields)](value& v, const std::string& path) -> problem {
      return read_object(v, fields, path);
    };
}

field_reader ignored() {
  return check_well_formed;
}

} // namespace souk
