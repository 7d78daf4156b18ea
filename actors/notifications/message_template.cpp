#include "actors/notifications/message_template.hpp"

#include <optional>

namespace souk::notifications {

namespace {

std::string as_is(std::string_view value) {
  return std::string{value};
}

// `text` filled into `out`, each value passed through `escape`, or why not.
template <class Escape>
std::optional<std::string>
fill(const std::string& name, const std::string& text,
     const std::map<std::string, std::string>& fields, std::string& out,
     Escape escape) {
  std::size_t at = 0;
  for (;;) {
    auto open = text.find("{{", at);
    if (open == std::string::npos)
      return out.append(text, at), std::nullopt;
    auto close = text.find("}}", open + 2);
    if (close == std::string::npos)
      return "template " + name + ": unclosed {{";
    auto field = text.substr(open + 2, close - open - 2);
    auto value = fields.find(field);
    if (value == fields.end())
      return "template " + name + ": no value for {{" + field + "}}";
    out.append(text, at, open - at).append(escape(value->second));
    at = close + 2;
  }
}

} // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

expected<rendered_message, std::string>
render(const message_template& t,
       const std::map<std::string, std::string>& fields) {
  rendered_message out;
  if (auto why = fill(t.name, t.subject, fields, out.subject, as_is))
    return *why;
  if (auto why = fill(t.name, t.body, fields, out.body, as_is))
    return *why;
  if (auto why = fill(t.name, t.html, fields, out.html, html_escape))
    return *why;
  return out;
}

} // namespace souk::notifications
