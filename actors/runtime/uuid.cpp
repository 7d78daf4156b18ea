#include "actors/runtime/uuid.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <stdexcept>

#include <sys/random.h>

namespace souk {

namespace {

std::uint64_t unix_ms() {
  return static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch())
      .count());
}

// The kernel's CSPRNG, on every call: ids are capabilities (a guest's cart
// is protected by its id alone), so no part of one may be predicted from
// another.
void random_bytes(std::uint8_t* out, std::size_t n) {
  while (n > 0) {
    auto got = getrandom(out, n, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error{"getrandom failed"};
    }
    out += got;
    n -= static_cast<std::size_t>(got);
  }
}

} // namespace

std::string make_uuid_v7() {
  auto ms = unix_ms();
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i)
    b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  random_bytes(b.data() + 6, 10);
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
  auto ms = unix_ms();
  std::array<std::uint8_t, 10> r{}; // 80 random bits
  random_bytes(r.data(), r.size());
  std::string out{prefix};
  out.reserve(prefix.size() + 27);
  out += '_';
  for (int i = 9; i >= 0; --i) // 10 characters of time, 5 bits each
    out += crockford[(ms >> (5 * i)) & 31];
  // 16 characters of 5 bits each from the 80 random bits, first bit first.
  for (int i = 0; i < 16; ++i) {
    int bit = 5 * i;
    unsigned v = (r[bit / 8] << 8) | (bit / 8 + 1 < 10 ? r[bit / 8 + 1] : 0);
    out += crockford[(v >> (11 - bit % 8)) & 31];
  }
  return out;
}

} // namespace souk
