#include "http/request.hpp"

#include <algorithm>

namespace souk {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::optional<std::string> decode_percent(std::string_view s,
                                          bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0
          || hex_value(s[i + 2]) < 0)
        return std::nullopt;
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string actor_of(const request& req) {
  if (req.who.actor_type.empty())
    return "anonymous";
  return req.who.actor_type + ":" + req.who.actor_id;
}

std::string_view request::header(std::string_view name) const {
  auto i = raw.find(beast::string_view{name.data(), name.size()});
  if (i == raw.end())
    return {};
  return to_std(i->value());
}

std::optional<std::string> request::query_param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    auto eq = pair.find('=');
    // The router refused a query with a bad escape: these decode.
    auto key = decode_percent(pair.substr(0, eq), true).value_or("");
    if (key == name)
      return eq == std::string_view::npos
               ? std::string{}
               : decode_percent(pair.substr(eq + 1), true).value_or("");
    if (amp == std::string_view::npos)
      break;
    q.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::vector<std::string> request::query_values(std::string_view name) const {
  std::vector<std::string> out;
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    auto eq = pair.find('=');
    auto key = decode_percent(pair.substr(0, eq), true).value_or("");
    std::string_view k = key;
    bool listed = k == name;
    if (!listed && k.size() > name.size() + 1 && k.starts_with(name)
        && k[name.size()] == '[' && k.back() == ']') {
      auto index = k.substr(name.size() + 1, k.size() - name.size() - 2);
      listed = std::all_of(index.begin(), index.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    }
    if (listed && eq != std::string_view::npos)
      out.push_back(decode_percent(pair.substr(eq + 1), true).value_or(""));
    if (amp == std::string_view::npos)
      break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

const std::string& request::param(const std::string& name) const {
  static const std::string none;
  auto i = params.find(name);
  return i == params.end() ? none : i->second;
}

} // namespace souk
