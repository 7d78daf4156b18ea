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
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/events.hpp"

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
/// Owns one connection and one thread: libpqxx blocks, so it never runs on
/// CAF scheduler or Beast I/O threads. `append` is thread-safe and never
/// blocks on the database.
///
/// Connection loss: appends queued or arriving while the connection is down
/// fail at once with `unavailable` (nothing written, retriable). For the
/// batch that was committing, the writer reconnects, makes sure the old
/// server session is gone and looks its events up: each append is answered
/// with what really happened, never half-written. If the server is not back
/// within `reconnect_timeout`, that batch is answered `outcome_unknown`.
class group_commit_writer {
public:
  /// Called once per append, on the writer's thread: must not block.
  using completion = std::function<void(append_result)>;

  explicit group_commit_writer(group_commit_options opts);

  /// Finishes the batch in flight; queued appends fail `unavailable`.
  ~group_commit_writer();

  group_commit_writer(const group_commit_writer&) = delete;
  group_commit_writer& operator=(const group_commit_writer&) = delete;

  /// Queues `req`; `done` receives the result. A malformed request (empty
  /// stream id or event list, a type missing, a payload or metadata that is
  /// not JSON, an event id that is not a UUID) fails at once with
  /// `invalid_argument`. Event ids left empty are generated.
  void append(append_request req, completion done);

  /// Blocking convenience for start-up code, tools and tests.
  append_result append(append_request req);

  group_commit_stats stats() const;

private:
  struct pending {
    append_request req;
    completion done;
  };

  void run();
  std::vector<pending> take_batch();
  bool connect();
  void commit(std::vector<pending>& batch);
  void resolve_in_doubt(std::vector<pending>& batch);
  void fail_queued(const store_error& err);
  static void deliver(pending& p, append_result result);

  group_commit_options opts_;
  std::unique_ptr<pqxx::connection> conn_;
  /// Identity of the server session of `conn_`, to end it after a drop.
  int backend_pid_ = 0;
  std::string backend_start_;

  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<pending> queue_;
  bool stopping_ = false;
  /// False while the database is known to be unreachable.
  std::atomic<bool> up_{true};

  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> appends_{0};
  std::atomic<std::uint64_t> events_{0};

  std::thread thread_;
};

} // namespace souk
