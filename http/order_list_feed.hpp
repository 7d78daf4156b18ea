#pragma once

#include <cstdint>
#include <memory>

#include "persistence/durable_subscriber.hpp"

namespace souk {

/// The order list's projection, as its readers see it: read-your-writes
/// for the order pages.
class order_list_feed {
public:
  explicit order_list_feed(std::weak_ptr<durable_subscriber> projection)
    : projection_(std::move(projection)) {
    // nop
  }

  /// Blocks (db pool only) until the projection has handled the feed up to
  /// `position`, at most a few seconds; then the page is answered from the
  /// list as it is (and a warning logged).
  void await(std::int64_t position) const;

private:
  /// The runtime owns (and stops) the subscriber.
  std::weak_ptr<durable_subscriber> projection_;
};

} // namespace souk
