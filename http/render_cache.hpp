#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace souk {

/// Rendered JSON of store reads, per catalog version: the catalog changes
/// rarely and is read all the time, so a list is written once per version
/// and query, then copied. A new version empties the cache; so does
/// reaching `max_entries` (queries are many, versions few). Thread-safe.
class render_cache {
public:
  explicit render_cache(std::size_t max_entries = 1024) : max_(max_entries) {
    // nop
  }

  /// The body for (version, key), rendered by `render()` on a miss.
  std::string get(std::int64_t version, const std::string& key,
                  const std::function<std::string()>& render) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (version == version_)
        if (auto i = entries_.find(key); i != entries_.end())
          return i->second;
    }
    auto body = render(); // outside the lock: renders may run in parallel
    std::lock_guard<std::mutex> guard{mtx_};
    if (version > version_) {
      entries_.clear();
      version_ = version;
    }
    if (version == version_) {
      if (entries_.size() >= max_)
        entries_.clear();
      entries_.emplace(key, body);
    }
    return body;
  }

private:
  std::size_t max_;
  std::mutex mtx_;
  std::int64_t version_ = -1;
  std::unordered_map<std::string, std::string> entries_;
};

} // namespace souk
