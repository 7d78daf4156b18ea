#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "actors/runtime/events.hpp"
#include "actors/runtime/store_port.hpp"
#include "http/live_changes.hpp"
#include "http/live_protocol.hpp"

namespace souk {
class db_pool;
struct db_handles;
class durable_subscriber;
} // namespace souk

namespace souk::live {

/// Limits of the live feed (config `ws-*`, docs/live.md).
struct options {
  /// A connection's send queue: frames and bytes waiting to be written.
  /// Past either, the client is too slow and is closed (1013).
  std::size_t queue_frames = 256;
  std::size_t queue_bytes = 1024 * 1024;
  /// Largest frame a client may send.
  std::size_t max_frame_bytes = 64 * 1024;
  /// Topics one connection may hold.
  std::size_t max_subscriptions = 64;
  /// The newest this many events can be replayed to a client that comes
  /// back with `since`; older: `resync`.
  std::int64_t replay_window = 10000;
  /// Time to send the auth frame after the upgrade.
  std::chrono::milliseconds auth_timeout{5000};
  /// A connection silent this long (no frame, no pong) is closed; pings go
  /// out at half of it.
  std::chrono::milliseconds idle_timeout{30000};
  /// Bad frames (and refused topics) tolerated before the connection is
  /// closed (1008).
  int max_strikes = 10;
  /// Open connections in all, and per user or customer.
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_viewer = 32;
  /// How often an admin's socket checks the user is still active.
  std::chrono::milliseconds admin_recheck{10000};
};

/// Who a connection speaks for.
struct viewer {
  bool admin = false;
  /// The admin user's or the customer's id.
  std::string id;
  bool operator==(const viewer&) const = default;
};

/// A topic a connection holds, and the feed position it is live after.
struct held_topic {
  topic t;
  std::int64_t live_after = 0;
};

/// Whether `who`, subscribed to `t`, is told of `c`: an admin of every
/// change on it, a customer of their own entity's changes they may see.
bool sees(const viewer& who, const topic& t, const change& c);

/// One frame, encoded once and shared by every connection it goes to.
using frame_ptr = std::shared_ptr<const std::string>;

/// The hub's side of a connection (live_session): gets frames on any
/// thread, writes them on its own.
class sink {
public:
  virtual ~sink() = default;
  /// A push (any thread).
  virtual void push(frame_ptr frame) = 0;
  /// Closes with `code` and `reason` (the server stops: 1001).
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

/// What a replay gives: the frames in feed order, or "resync" (too old).
using replay_result = std::variant<std::vector<frame_ptr>, std::string>;

/// The live feed: follows committed events in feed order (`on_event`, from
/// a follower of the global feed), renders each change once per audience,
/// and hands the frames to the connections whose topics see it. Replays
/// for clients that come back with `since` run on the database pool.
class hub {
public:
  /// Reads streams and the feed of `conninfo` (the follower's thread, and
  /// pools of its own for replays and admin checks, so that neither can
  /// hold up the REST API's).
  /// `admin_order` adds to an admin's order what modules add to it (with a
  /// thread's db handles).
  using order_members = std::function<void(
    const std::string& id, std::string& order_json, db_handles& handles)>;

  hub(options opts, const std::string& conninfo, order_members admin_order);
  ~hub();

  const options& opts() const noexcept { return opts_; }

  /// The follower whose handler `on_event` is: before its first event, the
  /// feed position it started at is the hub's.
  void follow(std::weak_ptr<durable_subscriber> follower);

  /// Each committed event, in feed order, on the follower's thread. Throws
  /// when the entity cannot be read now: the follower offers it again.
  void on_event(const recorded_event& e);

  /// False once the server stops, or when `max_connections` are open.
  bool admit() const;
  void add(const std::shared_ptr<sink>& s);
  void remove(const sink* s);
  /// Connections open for `who` (authenticated ones).
  std::size_t connections_of(const viewer& who) const;

  /// Adds `topics` (checked: `who` may hold them) to `s`. Returns the feed
  /// position after which they are live: every later change reaches `s`.
  std::int64_t subscribe(const sink* s, const viewer& who,
                         const std::vector<topic>& topics);
  void unsubscribe(const sink* s, const std::vector<topic>& topics);

  /// Renders, on the replay pool, the changes after `after` up to `up_to`
  /// that `who` sees on `topics` and not on a topic of `held` already live
  /// then, and calls `done` with them in feed order, or with a resync
  /// message when `after` is outside the window or the feed cannot be read.
  void replay(viewer who, std::vector<topic> topics,
              std::vector<held_topic> held, std::int64_t after,
              std::int64_t up_to, std::function<void(replay_result)> done);

  /// Calls `done` (on a pool thread, or now) with whether admin user `id`
  /// is active, nothing when that cannot be found out now; remembered for
  /// a few seconds, shared by that user's sockets.
  void admin_active(const std::string& id,
                    std::function<void(std::optional<bool>)> done);

  /// The server stops: closes every connection with 1001 and admits none.
  void close_all();

  /// Open connections, and those closed for being too slow.
  std::int64_t connections() const;
  std::int64_t dropped() const noexcept { return dropped_.load(); }
  void count_drop() noexcept { ++dropped_; }

private:
  struct entry {
    std::weak_ptr<sink> s;
    viewer who;
    std::vector<topic> topics;
  };
  struct admin_status {
    bool active;
    std::chrono::steady_clock::time_point checked;
  };

  std::int64_t head_locked() const;

  options opts_;
  order_members admin_order_;
  // The follower thread's.
  std::unique_ptr<stream_reader> reader_;
  std::unique_ptr<db_handles> handles_;
  change_renderer renderer_;
  std::unique_ptr<db_pool> replays_;
  std::unique_ptr<db_pool> checks_;
  std::weak_ptr<durable_subscriber> follower_;
  mutable std::mutex mtx_;
  std::int64_t position_ = 0;
  bool stopping_ = false;
  std::unordered_map<const sink*, entry> entries_;
  std::unordered_map<std::string, admin_status> admins_;
  std::atomic<std::int64_t> dropped_{0};
};

} // namespace souk::live
