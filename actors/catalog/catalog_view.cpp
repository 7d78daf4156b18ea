#include "actors/catalog/catalog_view.hpp"

#include <vector>

namespace souk::catalog {

void catalog_view::publish(catalog_state s) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (s.version < state_->version)
      return;
    auto version = s.version;
    std::atomic_store(&state_,
                      std::make_shared<const catalog_state>(std::move(s)));
    auto end = waiters_.upper_bound(version);
    for (auto i = waiters_.begin(); i != end; ++i)
      ready.push_back(std::move(i->second));
    waiters_.erase(waiters_.begin(), end);
  }
  published_.notify_all();
  // Outside the lock: a callback that publishes or waits cannot deadlock,
  // and a slow one does not hold up readers of `waiters_`.
  for (auto& k : ready)
    k();
}

void catalog_view::when_at(std::int64_t version, std::function<void()> k) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (state_->version < version) {
      waiters_.emplace(version, std::move(k));
      return;
    }
  }
  k();
}

bool catalog_view::wait_for(std::int64_t version,
                            std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock{mtx_};
  return published_.wait_for(lock, timeout,
                             [&] { return state_->version >= version; });
}

} // namespace souk::catalog
