#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/events.hpp"
#include "actors/runtime/store_port.hpp"

namespace souk {

/// Settings of one writer.
struct group_commit_options {
  std::string conninfo;
  /// Most appends per transaction.
  int batch_max = 512;
  /// Most appends waiting; past it `append` answers `overloaded`.
  int queue_limit = 20000;
  /// How long in-flight appends wait for a dropped connection to come back
  /// before they are answered `outcome_unknown`.
  std::chrono::milliseconds reconnect_timeout{10000};
  /// Batches in flight at once, each on its own connection and thread. Two
  /// let one batch be encoded and answered while the other commits.
  int connections = 2;
};

/// Counters since start (for metrics and benchmarks).
struct group_commit_stats {
  std::uint64_t batches = 0;
  std::uint64_t appends = 0;
  std::uint64_t events = 0;
};

/// Appends from many streams, committed together: the appends that arrive
/// while one batch commits form the next batch, one transaction (and one
/// round trip) each. Every append still gets its own answer: success, a
/// version conflict, or an error. A batch holds at most one append per
/// stream; later appends to the same stream wait for the next batch, in
/// order.
///
/// Owns `connections` connections, each with its own thread: libpqxx blocks,
/// so it never runs on CAF scheduler or Beast I/O threads. Batches in flight
/// never share a stream. `append` is thread-safe and never blocks on the
/// database.
///
/// Connection loss: appends queued or arriving while the connection is down
/// fail at once with `unavailable` (nothing written, retriable). For the
/// batch that was committing, the writer reconnects, makes sure the old
/// server session is gone and looks its events up: each append is answered
/// with what really happened, never half-written. If the server is not back
/// within `reconnect_timeout`, that batch is answered `outcome_unknown`.
class group_commit_writer : public event_appender {
public:
  /// Called once per append, on the writer's thread: must not block.
  using completion = std::function<void(append_result)>;

  explicit group_commit_writer(group_commit_options opts);

  /// Finishes the batch in flight; queued appends fail `unavailable`.
  ~group_commit_writer() override;

  group_commit_writer(const group_commit_writer&) = delete;
  group_commit_writer& operator=(const group_commit_writer&) = delete;

  /// Queues `req`; `done` receives the result. A malformed request (empty
  /// stream id or event list, a type missing, a payload or metadata that is
  /// not JSON, an event id that is not a UUID) fails at once with
  /// `invalid_argument`. Event ids left empty are generated.
  void append(append_request req, completion done) override;

  /// Blocking convenience for start-up code, tools and tests.
  append_result append(append_request req);

  group_commit_stats stats() const;

  /// Calls `listener` (on a writer thread; it must not block) after every
  /// batch that committed at least one event: followers of the feed use it
  /// to look at once instead of at their next poll.
  void add_commit_listener(std::function<void()> listener);

private:
  struct pending {
    append_request req;
    completion done;
  };

  /// One connection and the thread that drives it.
  struct lane {
    std::unique_ptr<pqxx::connection> conn;
    /// Identity of the server session of `conn`, to end it after a drop.
    int backend_pid = 0;
    std::string backend_start;
    std::thread thread;
  };

  void run(lane& l);
  std::vector<pending> take_batch();
  void remember_versions(const std::vector<pending>& batch,
                         const pqxx::result& rows);
  void notify_commit();
  void release_streams(const std::vector<std::string>& streams);
  bool connect(lane& l);
  bool probe(lane& l);
  void commit(lane& l, std::vector<pending>& batch, bool trust_cache = true);
  void resolve_in_doubt(lane& l, std::vector<pending>& batch);
  void fail_queued(const store_error& err);
  static void deliver(pending& p, append_result result);

  group_commit_options opts_;
  std::vector<std::unique_ptr<lane>> lanes_;

  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<pending> queue_;
  /// Streams of the batches in flight: kept out of the next batch, so each
  /// stream's appends commit in the order they were made.
  std::unordered_set<std::string> in_flight_;
  bool stopping_ = false;
  /// Versions this writer committed, by stream. Never above the real
  /// version (versions only grow), so an append expecting exactly this
  /// version skips the lookup; the unique (stream_id, version) index still
  /// catches a writer elsewhere that got there first.
  std::unordered_map<std::string, std::int64_t> known_versions_;
  /// Replaced, never changed in place: a batch takes the pointer, not a
  /// copy of the list (listeners are added at start-up, read per batch).
  std::shared_ptr<const std::vector<std::function<void()>>> commit_listeners_
    = std::make_shared<const std::vector<std::function<void()>>>();
  /// False while the database is known to be unreachable.
  std::atomic<bool> up_{true};

  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> appends_{0};
  std::atomic<std::uint64_t> events_{0};
};

} // namespace souk
