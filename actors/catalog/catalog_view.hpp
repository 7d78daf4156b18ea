#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "actors/catalog/catalog_state.hpp"

namespace souk::catalog {

/// The newest catalog state, readable from any thread without asking an
/// actor: the store's reads (product lists, prices, key checks) take it
/// from here. Writers publish the state each catalog command answered with;
/// an older state never replaces a newer one.
class catalog_view {
public:
  std::shared_ptr<const catalog_state> get() const {
    return std::atomic_load(&state_);
  }

  void publish(catalog_state s) {
    std::lock_guard<std::mutex> guard{mtx_};
    if (s.version < std::atomic_load(&state_)->version)
      return;
    std::atomic_store(&state_,
                      std::make_shared<const catalog_state>(std::move(s)));
  }

private:
  std::mutex mtx_;
  std::shared_ptr<const catalog_state> state_
    = std::make_shared<const catalog_state>();
};

} // namespace souk::catalog
