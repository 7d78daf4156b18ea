#include "http/passwords.hpp"

#include <stdexcept>

#include <sodium.h>

namespace souk {

namespace {

void init() {
  static const bool ok = sodium_init() >= 0;
  if (!ok)
    throw std::runtime_error("libsodium cannot initialise");
}

} // namespace

std::string hash_password(std::string_view password) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE)
      != 0)
    throw std::runtime_error("out of memory hashing a password");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  init();
  static const std::string decoy = hash_password("souk-decoy-password");
  auto& h = hash.empty() ? decoy : hash;
  bool match
    = crypto_pwhash_str_verify(h.c_str(), password.data(), password.size())
      == 0;
  return match && !hash.empty();
}

std::string random_hex(std::size_t bytes) {
  init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), bytes);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 0xf];
  }
  return out;
}

} // namespace souk
