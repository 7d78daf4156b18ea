#include "actors/runtime/json_writer.hpp"

#include <charconv>

namespace souk {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";
constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence at the start of `s` (2 to 4
// bytes, RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), or 0 with `bad` set to the length of its maximal ill-formed
// prefix (at least 1), which becomes one U+FFFD (Unicode's "substitution
// of maximal subparts").
std::size_t utf8_sequence(std::string_view s, std::size_t& bad) {
  auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0)
      lo = 0xA0; // overlong below U+0800
    else if (b0 == 0xED)
      hi = 0x9F; // UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0)
      lo = 0x90; // overlong below U+10000
    else if (b0 == 0xF4)
      hi = 0x8F; // past U+10FFFF
  } else {
    bad = 1; // a stray continuation byte, C0, C1 or F5..FF
    return 0;
  }
  std::size_t i = 1;
  for (; i < len && i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (i == 1 ? (c < lo || c > hi) : !is_continuation(c))
      break;
  }
  if (i == len)
    return len;
  bad = i;
  return 0;
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Runs of printable ASCII, the common case, are copied in one go.
    auto run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
        break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size())
      break;
    auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '"':
      out += "\\\"";
      ++i;
      continue;
    case '\\':
      out += "\\\\";
      ++i;
      continue;
    case '\n':
      out += "\\n";
      ++i;
      continue;
    case '\r':
      out += "\\r";
      ++i;
      continue;
    case '\t':
      out += "\\t";
      ++i;
      continue;
    default:
      break;
    }
    if (c < 0x20) {
      out += "\\u00";
      out.push_back(hex_digits[c >> 4]);
      out.push_back(hex_digits[c & 0xf]);
      ++i;
      continue;
    }
    std::size_t bad = 0;
    auto len = utf8_sequence(text.substr(i), bad);
    if (len == 0) {
      out += replacement;
      i += bad;
    } else if (len == 3 && c == 0xE2 && text[i + 1] == '\x80'
               && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      // U+2028 and U+2029 are valid JSON but end a line in JavaScript.
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += len;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  out.push_back('"');
}

void json_writer::separate() {
  if (need_comma_)
    out_.push_back(',');
  need_comma_ = true;
}

json_writer& json_writer::begin_object() {
  separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}

json_writer& json_writer::end_object() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}

json_writer& json_writer::begin_array() {
  separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}

json_writer& json_writer::end_array() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}

json_writer& json_writer::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}

json_writer& json_writer::value(std::string_view text) {
  separate();
  append_json_string(out_, text);
  return *this;
}

json_writer& json_writer::value(std::int64_t number) {
  separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), number);
  out_.append(buf, end);
  return *this;
}

json_writer& json_writer::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

json_writer& json_writer::null() {
  separate();
  out_ += "null";
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

} // namespace souk
