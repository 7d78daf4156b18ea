#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace souk {

/// Counts failed logins per key (an e-mail, a client address) in a sliding
/// window; past `max_failures` the key is blocked until old failures age
/// out. Thread-safe; memory is bounded by pruning keys with no recent
/// failure.
class login_limiter {
public:
  using clock = std::chrono::steady_clock;

  login_limiter(int max_failures, std::chrono::seconds window)
    : max_(max_failures), window_(window) {
    // nop
  }

  bool blocked(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    auto i = failures_.find(key);
    if (i == failures_.end())
      return false;
    prune(i->second);
    return static_cast<int>(i->second.size()) >= max_;
  }

  void failed(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    auto& q = failures_[key];
    prune(q);
    q.push_back(clock::now());
    if (failures_.size() > 100000) { // a flood of keys: forget quiet ones
      auto cutoff = clock::now() - window_;
      std::erase_if(failures_, [cutoff](const auto& kv) {
        return kv.second.empty() || kv.second.back() < cutoff;
      });
    }
  }

  void succeeded(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    failures_.erase(key);
  }

private:
  void prune(std::deque<clock::time_point>& q) {
    auto cutoff = clock::now() - window_;
    while (!q.empty() && q.front() < cutoff)
      q.pop_front();
  }

  int max_;
  std::chrono::seconds window_;
  std::mutex mtx_;
  std::unordered_map<std::string, std::deque<clock::time_point>> failures_;
};

} // namespace souk
