#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "actors/catalog/catalog_state.hpp"

namespace souk::catalog {

/// The newest catalog state, readable from any thread without asking an
/// actor: the store's reads (product lists, prices, key checks) take it
/// from here. Only the catalog follower (`catalog_follower.hpp`) publishes
/// it, from the committed events of the `catalog` stream, so a write shows
/// up here whoever made it: an admin's route, a workflow, a command line or
/// another node on the same database. An older state never replaces a
/// newer one. A writer that must read its own write waits for the version
/// its command produced (`when_at`, `wait_for`). Thread-safe.
class catalog_view {
public:
  /// The newest state published (an empty catalog at version 0 before any).
  std::shared_ptr<const catalog_state> get() const {
    return std::atomic_load(&state_);
  }

  /// The version of `get()`.
  std::int64_t version() const { return get()->version; }

  /// Makes `s` the state `get()` returns, unless the view holds a newer one,
  /// and then runs (on this thread, outside the view's lock) the callbacks
  /// of `when_at` that waited for a version up to `s.version`.
  void publish(catalog_state s);

  /// Runs `k` once the view holds `version` or a newer one: at once, on
  /// this thread, if it does already; else on the thread that publishes
  /// it. `k` must not block: it may run on the follower's thread, and the
  /// view waits for it before its next state.
  void when_at(std::int64_t version, std::function<void()> k);

  /// Blocks until the view holds `version` or a newer one, at most
  /// `timeout`; false if it does not by then.
  bool wait_for(std::int64_t version, std::chrono::milliseconds timeout);

private:
  std::mutex mtx_;
  std::condition_variable published_;
  std::shared_ptr<const catalog_state> state_
    = std::make_shared<const catalog_state>();
  /// Callbacks of `when_at` by the version they wait for.
  std::multimap<std::int64_t, std::function<void()>> waiters_;
};

} // namespace souk::catalog
