#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_port.hpp"

namespace souk::catalog {

/// Keeps a `catalog_view` in step with the committed events of the
/// `catalog` stream, and is the only writer of that view. `handle` is the
/// handler of a follower of the global feed (in `souk serve` a non-durable
/// `durable_subscriber`, see docs/runtime.md), which reads every committed
/// event in commit order, whichever process appended it: a write by an
/// admin's route, a workflow, a command line or another node all reach the
/// view the same way.
///
/// Per event of the stream: one the view holds already is skipped; the
/// next one is folded in and published; one past the next (events were
/// missed, say committed before the follower started) makes it read the
/// stream from the view's version on. Thread-safe: `catch_up` and `handle`
/// take one lock, so `read` is never called twice at once.
class catalog_follower {
public:
  /// Reads the `catalog` stream's events from `from_version` on, in version
  /// order; blocking.
  using read_fn = std::function<read_result(std::int64_t from_version)>;

  catalog_follower(catalog_view& view, read_fn read);

  /// Reads the events after the view's version and publishes the state they
  /// lead to. Answers the version reached, or why not (the store failed, an
  /// event does not decode: the view is left as it was).
  expected<std::int64_t, std::string> catch_up();

  /// Handles one committed event; events of other streams are ignored.
  /// Throws `std::runtime_error` when the view cannot be brought up to it
  /// (the store failed during a catch-up, the event does not decode): the
  /// feed follower then offers the same event again, so none is skipped.
  void handle(const recorded_event& ev);

private:
  expected<std::int64_t, std::string> catch_up_locked();

  catalog_view& view_;
  read_fn read_;
  std::mutex mtx_;
};

} // namespace souk::catalog
