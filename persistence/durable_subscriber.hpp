#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/runtime/events.hpp"

namespace souk {

/// What a durable subscriber listens to and does.
struct subscription {
  /// Checkpoint key; one running subscriber per name across all nodes.
  std::string name;
  /// Event types to handle; empty means all.
  std::vector<std::string> event_types;
  /// Only streams starting with this; empty means all.
  std::string stream_prefix;
  /// Handles one committed event, on the subscriber's own thread (it may
  /// block). Throwing means "not handled": the same event is offered again
  /// after a pause, never skipped. At-least-once: make it idempotent by
  /// `event_id` (or `position`).
  std::function<void(const recorded_event&)> handler;
};

struct subscriber_options {
  /// False: a plain follower for this process only (the event bus): starts
  /// at the current head, keeps no checkpoint, takes no lock.
  bool durable = true;
  /// A new subscriber (no checkpoint yet) starts at the feed's head, not
  /// at its beginning: for effects that must not reach back to what came
  /// before it existed (mailing customers about old orders).
  bool start_at_head = false;
  /// Events read per round trip; the checkpoint is saved after each page.
  int page_size = 500;
  /// How often to look for new events when not woken.
  std::chrono::milliseconds poll_interval{100};
  /// Pause before offering a failed event again.
  std::chrono::milliseconds retry_delay{200};
};

/// Follows the global feed from its checkpoint in PostgreSQL, in position
/// order, and hands every matching committed event to the handler. The
/// checkpoint is saved after each page, so after a crash or restart it
/// resumes where it was: every event is handled at least once, and only the
/// page in progress at the crash is handled twice. A session-level advisory
/// lock on the name keeps a second instance (say on another node) on
/// standby until the first goes away. Owns one connection and one thread.
class durable_subscriber {
public:
  durable_subscriber(std::string conninfo, subscription sub,
                     subscriber_options opts = {});

  /// Stops after the event being handled; the checkpoint of the events
  /// handled so far in the page is saved.
  ~durable_subscriber();

  durable_subscriber(const durable_subscriber&) = delete;
  durable_subscriber& operator=(const durable_subscriber&) = delete;

  /// New events were committed: look now instead of at the next poll.
  void wake();

  /// Position of the last event handled (0 before any).
  std::int64_t position() const noexcept { return position_.load(); }

  /// Waits until every event up to `position` is handled, at most
  /// `timeout`; false if it is not by then. Read models use it to read
  /// their own writes: wait for the feed head seen before the read.
  bool wait_for(std::int64_t position, std::chrono::milliseconds timeout);

  /// True while this instance holds the subscription's lock.
  bool active() const noexcept { return active_.load(); }

private:
  void run();
  bool sleep_for(std::chrono::milliseconds d);

  std::string conninfo_;
  subscription sub_;
  subscriber_options opts_;
  std::atomic<std::int64_t> position_{0};
  std::atomic<bool> active_{false};
  bool started_ = false; // only touched by the subscriber's thread
  std::mutex mtx_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::mutex progress_mtx_;
  std::condition_variable progress_cv_;
  std::thread thread_;
};

} // namespace souk
