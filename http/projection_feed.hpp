#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include <spdlog/spdlog.h>

#include "persistence/durable_subscriber.hpp"

namespace souk {

/// A read model's projection, as its readers see it: read-your-writes for
/// the list pages. `Tag` names the read model, so each module provides its
/// own (`services::get<projection_feed<Tag>>()`).
template <class Tag>
class projection_feed {
public:
  explicit projection_feed(std::weak_ptr<durable_subscriber> projection)
    : projection_(std::move(projection)) {
    // nop
  }

  /// Blocks (db pool only) until the projection has handled the feed up to
  /// `position`, at most a few seconds; then the page is answered from the
  /// list as it is (and a warning logged).
  void await(std::int64_t position) const {
    using namespace std::chrono_literals;
    auto projection = projection_.lock();
    if (projection && !projection->wait_for(position, 3s))
      spdlog::warn("{} behind position {}: answering from it as it is",
                   Tag::name, position);
  }

private:
  /// The runtime owns (and stops) the subscriber.
  std::weak_ptr<durable_subscriber> projection_;
};

struct order_list_tag {
  static constexpr const char* name = "order list";
};
using order_list_feed = projection_feed<order_list_tag>;

struct ticket_list_tag {
  static constexpr const char* name = "ticket list";
};
using ticket_list_feed = projection_feed<ticket_list_tag>;

} // namespace souk
