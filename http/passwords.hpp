#pragma once

#include <string>
#include <string_view>

namespace souk {

/// Argon2id (libsodium's crypto_pwhash_str, interactive limits: 64 MiB,
/// ~0.1 s). Slow by design: call from a worker pool, never an I/O thread.
std::string hash_password(std::string_view password);

/// True when `password` matches `hash`. With an empty `hash` it still
/// spends the time of a check (so a wrong e-mail takes as long as a wrong
/// password) and answers false.
bool verify_password(const std::string& hash, std::string_view password);

/// 32 random bytes as hex (secrets, keys).
std::string random_hex(std::size_t bytes = 32);

} // namespace souk
