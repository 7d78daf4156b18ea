#pragma once

#include <map>
#include <string>
#include <string_view>

#include "actors/runtime/expected.hpp"

namespace souk::notifications {

/// A message a module sends, with `{{field}}` placeholders in its subject,
/// body and HTML: declared by the module, filled by its workflow. Kept as
/// text so a shop can read (and later override) what its customers are sent.
struct message_template {
  /// "order-confirmation": what the module's workflow asks for.
  std::string name;
  std::string subject;
  /// Plain text.
  std::string body;
  /// The same message as HTML, sent next to `body`; empty for none. The
  /// markup is the template's: only the values filled in are escaped.
  std::string html = {};
};

/// A filled-in template.
struct rendered_message {
  std::string subject;
  std::string body;
  /// Empty when the template has no HTML.
  std::string html;
};

/// Replaces every `{{field}}` of `t` by its value in `fields`: as it is in
/// the subject and the body, HTML-escaped (& < > " ') in the HTML. A
/// placeholder with no field, or one left unclosed, in any of the three is
/// an error naming it (a message never goes out with a hole in it).
expected<rendered_message, std::string>
render(const message_template& t,
       const std::map<std::string, std::string>& fields);

/// `text` with & < > " ' replaced by their HTML entities, fit for element
/// content and quoted attribute values.
std::string html_escape(std::string_view text);

} // namespace souk::notifications
