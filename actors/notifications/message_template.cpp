#include "actors/notifications/message_template.hpp"

#include <optional>

namespace souk::notifications {

namespace {

// `text` filled into `out`, or why not.
std::optional<std::string>
fill(const std::string& name, const std::string& text,
     const std::map<std::string, std::string>& fields, std::string& out) {
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
    out.append(text, at, open - at).append(value->second);
    at = close + 2;
  }
}

} // namespace

expected<rendered_message, std::string>
render(const message_template& t,
       const std::map<std::string, std::string>& fields) {
  rendered_message out;
  if (auto why = fill(t.name, t.subject, fields, out.subject))
    return *why;
  if (auto why = fill(t.name, t.body, fields, out.body))
    return *why;
  return out;
}

} // namespace souk::notifications
