#pragma once

#include <map>
#include <string>

#include "actors/runtime/expected.hpp"

namespace souk::notifications {

/// A message a module sends, with `{{field}}` placeholders in its subject
/// and body: declared by the module, filled by its workflow. Kept as text
/// so a shop can read (and later override) what its customers are sent.
struct message_template {
  /// "order-confirmation": what the module's workflow asks for.
  std::string name;
  std::string subject;
  /// Plain text.
  std::string body;
};

/// A filled-in template.
struct rendered_message {
  std::string subject;
  std::string body;
};

/// Replaces every `{{field}}` of `t` by its value in `fields`. A
/// placeholder with no field, or one left unclosed, is an error naming it
/// (a message never goes out with a hole in it).
expected<rendered_message, std::string>
render(const message_template& t,
       const std::map<std::string, std::string>& fields);

} // namespace souk::notifications
