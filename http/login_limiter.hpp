#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace souk {

/// Limits attempts per key (an account, a client network) in a sliding
/// window. An attempt is reserved before the password is hashed, so
/// parallel attempts count at once; a success forgets the key's attempts.
/// Memory is bounded: keys are capped in length by their callers and in
/// number here. Past `max_keys`, keys with no attempt in the window go,
/// then an arbitrary one: a flood of new keys can make the limiter forget
/// (each flush costs the flooder `max_keys` requests, and the per-network
/// limit still holds them), but never refuses everyone. Thread-safe.
class login_limiter {
public:
  using clock = std::chrono::steady_clock;

  login_limiter(int max_attempts, std::chrono::seconds window,
                std::size_t max_keys = 100000)
    : max_(max_attempts), window_(window), max_keys_(max_keys) {
    // nop
  }

  /// Reserves one attempt for `key`: false (refuse it) when the key has
  /// used its attempts in the window.
  bool try_attempt(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    auto now = clock::now();
    auto i = attempts_.find(key);
    if (i == attempts_.end()) {
      if (attempts_.size() >= max_keys_)
        std::erase_if(attempts_, [cutoff = now - window_](const auto& kv) {
          return kv.second.empty() || kv.second.back() < cutoff;
        });
      if (attempts_.size() >= max_keys_)
        attempts_.erase(attempts_.begin());
      i = attempts_.emplace(key, std::deque<clock::time_point>{}).first;
    }
    auto& q = i->second;
    while (!q.empty() && q.front() < now - window_)
      q.pop_front();
    if (static_cast<int>(q.size()) >= max_)
      return false;
    q.push_back(now);
    return true;
  }

  /// Gives back the latest attempt of `key` (it did not count: it was
  /// refused elsewhere, or succeeded).
  void release(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    auto i = attempts_.find(key);
    if (i == attempts_.end())
      return;
    if (!i->second.empty())
      i->second.pop_back();
    if (i->second.empty())
      attempts_.erase(i);
  }

  /// The attempt succeeded: the key starts afresh.
  void succeeded(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    attempts_.erase(key);
  }

  std::size_t keys() {
    std::lock_guard<std::mutex> guard{mtx_};
    return attempts_.size();
  }

private:
  int max_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  std::mutex mtx_;
  std::unordered_map<std::string, std::deque<clock::time_point>> attempts_;
};

/// The key a client address is limited by: an IPv4 address as it is, an
/// IPv6 address by its /64 (one host usually has a whole /64).
std::string client_network(const std::string& address);

/// The limits of sign-in and sign-up: failed sign-ins per account and per
/// client network, sign-ups per client network.
struct login_limits {
  login_limiter by_email{5, std::chrono::minutes{15}};
  login_limiter by_address{50, std::chrono::minutes{15}};
  login_limiter signups{20, std::chrono::minutes{15}};
};

} // namespace souk
