#include "actors/runtime/units.hpp"

#include <chrono>
#include <ctime>
#include <limits>

namespace souk {

int currency_exponent(std::string_view code) noexcept {
  for (auto zero : {"jpy", "krw", "clp", "isk", "vnd"})
    if (code == zero)
      return 0;
  for (auto three : {"bhd", "jod", "kwd", "omr", "tnd"})
    if (code == three)
      return 3;
  return 2;
}

std::string decimal_text(std::int64_t scaled, int exp) {
  bool negative = scaled < 0;
  auto magnitude = negative ? -static_cast<unsigned long long>(scaled)
                            : static_cast<unsigned long long>(scaled);
  unsigned long long scale = 1;
  for (int i = 0; i < exp; ++i)
    scale *= 10;
  auto whole = magnitude / scale;
  auto frac = magnitude % scale;
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (frac != 0) {
    auto digits = std::to_string(frac);
    digits.insert(0, static_cast<size_t>(exp) - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0')
      digits.pop_back();
    out += '.' + digits;
  }
  return out;
}

std::string major_units(std::int64_t minor, std::string_view currency_code) {
  return decimal_text(minor, currency_exponent(currency_code));
}

std::optional<std::int64_t> minor_units(std::string_view major,
                                        std::string_view currency_code) {
  return scaled_decimal(major, currency_exponent(currency_code));
}

std::optional<std::int64_t> scaled_decimal(std::string_view major, int exp) {
  bool negative = !major.empty() && major[0] == '-';
  if (negative)
    major.remove_prefix(1);
  if (major.empty())
    return std::nullopt;
  std::int64_t value = 0;
  int decimals = -1; // -1: before the point
  constexpr auto top = std::numeric_limits<std::int64_t>::max();
  for (char c : major) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9')
      return std::nullopt;
    if (decimals >= 0 && ++decimals > exp)
      return std::nullopt;
    if (value > (top - (c - '0')) / 10) // value * 10 + digit overflows
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (int i = decimals < 0 ? 0 : decimals; i < exp; ++i) {
    if (value > top / 10)
      return std::nullopt;
    value *= 10;
  }
  return negative ? -value : value;
}

std::string iso_time(std::int64_t unix_ms) {
  auto secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ",
                static_cast<int>(unix_ms % 1000));
  return buf;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace souk
