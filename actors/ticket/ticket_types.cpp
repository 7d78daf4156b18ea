#include "actors/ticket/ticket_types.hpp"

namespace souk::ticket {

namespace {

std::optional<std::string> too_long(const char* field, std::size_t size,
                                    std::size_t limit) {
  if (size <= limit)
    return std::nullopt;
  return std::string{"brief: "} + field + " is at most " + std::to_string(limit)
         + " characters";
}

bool web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

} // namespace

std::optional<std::string> check_brief(const ticket_brief& b) {
  using namespace brief_limits;
  if (auto p = too_long("text", b.text.size(), text))
    return p;
  if (auto p = too_long("print_size", b.print_size.size(), print_size))
    return p;
  if (auto p
      = too_long("quantity_notes", b.quantity_notes.size(), quantity_notes))
    return p;
  if (b.colors.size() > colors)
    return "brief: at most " + std::to_string(colors) + " colors";
  for (auto& c : b.colors) {
    if (c.empty())
      return std::string{"brief: a color cannot be empty"};
    if (auto p = too_long("a color", c.size(), color))
      return p;
  }
  if (b.reference_urls.size() > reference_urls)
    return "brief: at most " + std::to_string(reference_urls)
           + " reference_urls";
  for (auto& u : b.reference_urls) {
    if (auto p = too_long("a reference url", u.size(), reference_url))
      return p;
    if (!web_url(u))
      return "brief: reference url '" + u.substr(0, 100)
             + "' is not an http(s) URL";
  }
  return std::nullopt;
}

std::string_view to_string(proof_status s) noexcept {
  switch (s) {
  case proof_status::pending:
    return "pending";
  case proof_status::approved:
    return "approved";
  case proof_status::changes_requested:
    return "changes_requested";
  }
  return "pending";
}

std::optional<proof_status> parse_proof_status(std::string_view name) noexcept {
  for (auto s : {proof_status::pending, proof_status::approved,
                 proof_status::changes_requested})
    if (to_string(s) == name)
      return s;
  return std::nullopt;
}

author_role role_of(std::string_view by) noexcept {
  if (by.starts_with("customer:"))
    return author_role::customer;
  if (by.starts_with("user:"))
    return author_role::support;
  return author_role::system;
}

std::string_view to_string(author_role r) noexcept {
  switch (r) {
  case author_role::customer:
    return "customer";
  case author_role::support:
    return "support";
  case author_role::system:
    return "system";
  }
  return "system";
}

std::string_view author_id(std::string_view by) noexcept {
  if (role_of(by) == author_role::system)
    return {};
  return by.substr(by.find(':') + 1);
}

} // namespace souk::ticket
