#include "actors/runtime/uuid.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

namespace souk {

std::string make_uuid_v7() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto ms = static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch())
      .count());
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i)
    b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  auto r1 = rng();
  auto r2 = rng();
  for (int i = 6; i < 16; ++i)
    b[i] = static_cast<std::uint8_t>((i < 11 ? r1 : r2) >> (8 * (i % 5)));
  b[6] = static_cast<std::uint8_t>(0x70 | (b[6] & 0x0f)); // version 7
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f)); // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0xf]);
  }
  return out;
}

std::string make_id(std::string_view prefix) {
  static constexpr char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // Monotonic within the process: an id made in the same millisecond as
  // the one before gets the next random value, so ids sort in creation
  // order (the catalog lists by id).
  static std::mutex mtx;
  static std::mt19937_64 rng{std::random_device{}()};
  static std::uint64_t last_ms = 0;
  static std::uint64_t hi = 0; // 16 random bits
  static std::uint64_t lo = 0; // 64 random bits
  auto now = static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch())
      .count());
  std::uint64_t ms, h, l;
  {
    std::lock_guard<std::mutex> guard{mtx};
    if (now > last_ms) {
      last_ms = now;
      hi = rng() & 0xffff;
      lo = rng() >> 1; // room to count up
    } else if (++lo == 0) {
      ++hi;
    }
    ms = last_ms;
    h = hi;
    l = lo;
  }
  std::string out{prefix};
  out += '_';
  for (int i = 9; i >= 0; --i) // 10 characters of time, 5 bits each
    out += crockford[(ms >> (5 * i)) & 31];
  // 80 random bits, most significant first: 16 of `h`, 64 of `l`.
  for (int i = 15; i >= 0; --i) {
    auto bit = 5 * i; // position of this character's lowest bit
    std::uint64_t v = bit >= 64
                        ? (h >> (bit - 64))
                        : ((l >> bit) | (bit > 59 ? h << (64 - bit) : 0));
    out += crockford[v & 31];
  }
  return out;
}

} // namespace souk
