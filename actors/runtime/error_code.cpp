#include "actors/runtime/error_code.hpp"

#include <ostream>

namespace souk {

namespace {

// The layer's prefix in qualified names.
constexpr std::string_view layer_of(domain_errc) noexcept {
  return "domain";
}
constexpr std::string_view layer_of(store_errc) noexcept {
  return "store";
}
constexpr std::string_view layer_of(runtime_errc) noexcept {
  return "runtime";
}

// Calls `f` with every code of `Enum` until it returns true. The enums
// start at 1 and have no gaps; past the last code `to_string` answers
// "unknown".
template <class Enum, class F>
void each(F f) {
  for (int i = 1; i < 256; ++i) {
    auto code = static_cast<Enum>(i);
    if (to_string(code) == "unknown" || f(code))
      return;
  }
}

// The code of `Enum` named `name`.
template <class Enum>
std::optional<Enum> find(std::string_view name) noexcept {
  std::optional<Enum> out;
  each<Enum>([&](Enum code) {
    if (to_string(code) == name)
      out = code;
    return out.has_value();
  });
  return out;
}

} // namespace

std::string_view to_string(runtime_errc code) noexcept {
  switch (code) {
  case runtime_errc::overloaded:
    return "overloaded";
  case runtime_errc::unavailable:
    return "unavailable";
  case runtime_errc::internal:
    return "internal";
  case runtime_errc::invalid_data:
    return "invalid_data";
  }
  return "unknown";
}

std::string_view to_string(const error_code& code) noexcept {
  return std::visit([](auto x) { return to_string(x); }, code.value());
}

std::string qualified_name(const error_code& code) {
  return std::visit(
    [](auto x) {
      std::string out{layer_of(x)};
      out += '.';
      out += to_string(x);
      return out;
    },
    code.value());
}

std::optional<error_code> parse_error_code(std::string_view text) noexcept {
  auto dot = text.find('.');
  if (dot != std::string_view::npos) {
    auto layer = text.substr(0, dot);
    auto name = text.substr(dot + 1);
    std::optional<error_code> out;
    if (layer == "domain") {
      if (auto c = find<domain_errc>(name))
        out = *c;
    } else if (layer == "store") {
      if (auto c = find<store_errc>(name))
        out = *c;
    } else if (layer == "runtime") {
      if (auto c = find<runtime_errc>(name))
        out = *c;
    }
    return out;
  }
  if (auto c = find<domain_errc>(text))
    return error_code{*c};
  if (auto c = find<store_errc>(text))
    return error_code{*c};
  if (auto c = find<runtime_errc>(text))
    return error_code{*c};
  return std::nullopt;
}

std::vector<error_code> all_error_codes() {
  std::vector<error_code> out;
  auto add = [&](auto code) {
    out.emplace_back(code);
    return false;
  };
  each<domain_errc>(add);
  each<store_errc>(add);
  each<runtime_errc>(add);
  return out;
}

std::ostream& operator<<(std::ostream& out, const error_code& code) {
  return out << to_string(code);
}

} // namespace souk
