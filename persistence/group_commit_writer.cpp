#include "persistence/group_commit_writer.hpp"

#include <cctype>
#include <cerrno>
#include <future>
#include <optional>
#include <sys/socket.h>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/uuid.hpp"
#include "persistence/pg_connect.hpp"

namespace souk {

namespace {

using clock = std::chrono::steady_clock;

constexpr const char* append_statement
  = "SELECT append_index, actual_version, first_position, last_position"
    " FROM souk_append_batch($1::jsonb, $2::jsonb)";

store_error invalid(std::string message) {
  return {store_errc::invalid_argument, std::move(message)};
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36)
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

// Checks what the database would otherwise reject, so one bad append never
// fails the batch it shares with others.
std::optional<store_error> validate(append_request& req) {
  if (req.stream_id.empty())
    return invalid("stream id is empty");
  if (req.events.empty())
    return invalid("append to '" + req.stream_id + "' has no events");
  if (req.expected_version < any_version)
    return invalid("expected version of '" + req.stream_id + "' must be >= -1");
  for (auto& ev : req.events) {
    if (ev.type.empty())
      return invalid("an event for '" + req.stream_id + "' has no type");
    if (!is_valid_json(ev.data))
      return invalid("payload of '" + ev.type + "' for '" + req.stream_id
                     + "' is not valid JSON");
    if (ev.event_id.empty())
      ev.event_id = make_uuid_v7();
    else if (!is_uuid(ev.event_id))
      return invalid("event id '" + ev.event_id + "' is not a UUID");
  }
  return std::nullopt;
}

// The two JSON arguments of souk_append_batch.
std::pair<std::string, std::string>
encode(const std::vector<std::reference_wrapper<append_request>>& batch,
       const std::vector<bool>& check) {
  json_writer appends;
  json_writer events;
  appends.begin_array();
  events.begin_array();
  for (size_t i = 0; i < batch.size(); ++i) {
    auto& req = batch[i].get();
    appends.begin_object()
      .key("i")
      .value(static_cast<std::int64_t>(i))
      .key("stream_id")
      .value(req.stream_id)
      .key("expected")
      .value(req.expected_version)
      .key("c")
      .value(bool(check[i]))
      .end_object();
    for (size_t n = 0; n < req.events.size(); ++n) {
      auto& ev = req.events[n];
      events.begin_object()
        .key("i")
        .value(static_cast<std::int64_t>(i))
        .key("n")
        .value(static_cast<std::int64_t>(n + 1))
        .key("id")
        .value(ev.event_id)
        .key("type")
        .value(ev.type)
        .key("data")
        .raw(ev.data)
        .key("meta")
        .raw(to_json(ev.metadata))
        .end_object();
    }
  }
  appends.end_array();
  events.end_array();
  return {appends.take(), events.take()};
}

// An error for one append that failed alone (the batch was split).
store_error classify(const std::exception& e) {
  if (auto sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    auto state = sql->sqlstate();
    if (state == "23505")
      return invalid("an event id of this append is already stored");
    if (state.rfind("22", 0) == 0)
      return invalid(std::string{"the database rejected the payload: "}
                     + sql->what());
  }
  if (is_write_refusal(e)) {
    spdlog::warn("append refused: {}", e.what());
    return {store_errc::unavailable,
            "PostgreSQL refuses writes (read-only or out of space); nothing "
            "was written"};
  }
  spdlog::error("append failed: {}", e.what());
  return {store_errc::failure, "append failed; see the server log"};
}

} // namespace

// -- construction ------------------------------------------------------------

group_commit_writer::group_commit_writer(group_commit_options opts)
  : opts_(std::move(opts)) {
  for (int i = 0; i < std::max(1, opts_.connections); ++i)
    lanes_.push_back(std::make_unique<lane>());
  for (auto& l : lanes_)
    l->thread = std::thread([this, &l = *l] { run(l); });
}

group_commit_writer::~group_commit_writer() {
  {
    std::lock_guard guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& l : lanes_)
    l->thread.join();
}

// -- public API --------------------------------------------------------------

void group_commit_writer::append(append_request req, completion done) {
  if (auto err = validate(req)) {
    done(std::move(*err));
    return;
  }
  if (!up_) {
    done(store_error{store_errc::unavailable,
                     "PostgreSQL is unreachable; nothing was written"});
    return;
  }
  bool stopping = false;
  {
    std::lock_guard guard{mtx_};
    stopping = stopping_;
    if (!stopping && queue_.size() < static_cast<size_t>(opts_.queue_limit)) {
      queue_.push_back({std::move(req), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  // Answered outside the lock: `done` may append again.
  done(stopping ? store_error{store_errc::unavailable,
                              "the event store is shutting down; nothing "
                              "was written"}
                : store_error{store_errc::overloaded,
                              "too many appends waiting; retry later"});
}

append_result group_commit_writer::append(append_request req) {
  std::promise<append_result> promise;
  auto future = promise.get_future();
  append(std::move(req),
         [&promise](append_result r) { promise.set_value(std::move(r)); });
  return future.get();
}

void group_commit_writer::add_commit_listener(std::function<void()> listener) {
  std::lock_guard guard{mtx_};
  auto next
    = std::make_shared<std::vector<std::function<void()>>>(*commit_listeners_);
  next->push_back(std::move(listener));
  commit_listeners_ = std::move(next);
}

group_commit_stats group_commit_writer::stats() const {
  return {batches_.load(), appends_.load(), events_.load()};
}

// -- writer thread -----------------------------------------------------------

void group_commit_writer::run(lane& l) {
  auto backoff = std::chrono::milliseconds{50};
  std::unique_lock lock{mtx_};
  while (!stopping_) {
    if (!l.conn) {
      lock.unlock();
      bool ok = connect(l);
      lock.lock();
      if (!ok) {
        // Answer now rather than let callers wait on a dead database.
        lock.unlock();
        fail_queued({store_errc::unavailable,
                     "PostgreSQL is unreachable; nothing was written"});
        lock.lock();
        cv_.wait_for(lock, backoff, [this] { return stopping_; });
        backoff = std::min(backoff * 2, std::chrono::milliseconds{1000});
        continue;
      }
      backoff = std::chrono::milliseconds{50};
    }
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      break;
    auto batch = take_batch();
    if (batch.empty()) {
      // Everything queued is in the other lane's batch: wait for it.
      cv_.wait(lock);
      continue;
    }
    std::vector<std::string> streams;
    for (auto& p : batch)
      streams.push_back(p.req.stream_id);
    lock.unlock();
    commit(l, batch);
    release_streams(streams);
    lock.lock();
  }
  lock.unlock();
  fail_queued({store_errc::unavailable,
               "the event store is shutting down; nothing was written"});
}

std::vector<group_commit_writer::pending> group_commit_writer::take_batch() {
  std::vector<pending> batch;
  std::deque<pending> later;
  std::unordered_set<std::string> streams;
  // Bounded scan: a long run of appends to one stream must not make every
  // batch walk the whole queue.
  size_t scan_limit = static_cast<size_t>(opts_.batch_max) * 4;
  while (!queue_.empty() && batch.size() < size_t(opts_.batch_max)
         && scan_limit-- > 0) {
    auto p = std::move(queue_.front());
    queue_.pop_front();
    if (!in_flight_.count(p.req.stream_id)
        && streams.insert(p.req.stream_id).second)
      batch.push_back(std::move(p));
    else
      later.push_back(std::move(p));
  }
  in_flight_.insert(streams.begin(), streams.end());
  queue_.insert(queue_.begin(), std::make_move_iterator(later.begin()),
                std::make_move_iterator(later.end()));
  return batch;
}

void group_commit_writer::remember_versions(const std::vector<pending>& batch,
                                            const pqxx::result& rows) {
  std::lock_guard guard{mtx_};
  // Bounded: a writer that has seen very many streams starts over.
  if (known_versions_.size() > 100000)
    known_versions_.clear();
  for (auto row : rows) {
    auto& p = batch.at(row[0].as<size_t>());
    auto actual = row[1].as<std::int64_t>();
    known_versions_[p.req.stream_id]
      = row[2].is_null()
          ? actual
          : actual + static_cast<std::int64_t>(p.req.events.size());
  }
}

void group_commit_writer::notify_commit() {
  std::shared_ptr<const std::vector<std::function<void()>>> listeners;
  {
    std::lock_guard guard{mtx_};
    listeners = commit_listeners_;
  }
  for (auto& l : *listeners)
    l();
}

void group_commit_writer::release_streams(
  const std::vector<std::string>& streams) {
  {
    std::lock_guard guard{mtx_};
    for (auto& s : streams)
      in_flight_.erase(s);
  }
  cv_.notify_all();
}

bool group_commit_writer::connect(lane& l) {
  try {
    auto conn = pg_connect(opts_.conninfo);
    // libpqxx 6 would otherwise reconnect behind our back, and the session
    // we resolve an in-doubt batch against must be the one that sent it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    conn->prepare("append_batch", append_statement);
    pqxx::nontransaction tx{*conn};
    auto me = tx.exec1("SELECT pg_backend_pid(), backend_start::text"
                       " FROM pg_stat_activity WHERE pid = pg_backend_pid()");
    l.backend_pid = me[0].as<int>();
    l.backend_start = me[1].as<std::string>();
    tx.commit();
    l.conn = std::move(conn);
    if (!up_.exchange(true))
      spdlog::info("event store writer reconnected");
    return true;
  } catch (const std::exception& e) {
    if (up_.exchange(false))
      spdlog::warn("event store writer cannot connect: {}", e.what());
    l.conn.reset();
    return false;
  }
}

// A connection that sat idle while its server session died (say the server
// restarted) must be noticed before the batch is sent, or the batch would
// be in doubt for nothing. An idle session says nothing on its own, so
// pending bytes (the FATAL message of a shutdown) or end-of-file on the
// socket mean it is gone. One non-blocking peek; no round trip.
bool group_commit_writer::probe(lane& l) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (l.conn && l.conn->is_open()) {
      char byte;
      auto n = recv(l.conn->sock(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return true;
      spdlog::info("event store connection found closed before use");
    }
    l.conn.reset();
    if (!connect(l))
      return false;
  }
  return false;
}

void group_commit_writer::commit(lane& l, std::vector<pending>& batch,
                                 bool trust_cache) {
  std::vector<std::reference_wrapper<append_request>> reqs;
  std::vector<bool> check;
  {
    std::lock_guard guard{mtx_};
    for (auto& p : batch) {
      reqs.emplace_back(p.req);
      auto known = known_versions_.find(p.req.stream_id);
      check.push_back(!trust_cache || p.req.expected_version < 0
                      || known == known_versions_.end()
                      || known->second != p.req.expected_version);
    }
  }
  auto [appends, events] = encode(reqs, check);
  if (!probe(l)) {
    for (auto& p : batch)
      deliver(p, store_error{store_errc::unavailable,
                             "PostgreSQL is unreachable; nothing was written"});
    return;
  }
  pqxx::result rows;
  try {
    pqxx::nontransaction tx{*l.conn};
    rows = tx.exec_prepared("append_batch", appends, events);
  } catch (const std::exception& e) {
    if (is_connection_failure(e) || !l.conn->is_open()) {
      spdlog::warn("event store connection lost with {} appends in flight "
                   "({}); finding out what landed",
                   batch.size(), e.what());
      l.conn.reset();
      up_ = false;
      resolve_in_doubt(l, batch);
      return;
    }
    auto sql = dynamic_cast<const pqxx::sql_error*>(&e);
    if (trust_cache && sql && sql->sqlstate() == "23505") {
      // Another writer appended to a stream we thought we knew: forget
      // what we knew and check every append.
      std::lock_guard guard{mtx_};
      for (auto& p : batch)
        known_versions_.erase(p.req.stream_id);
    }
    if (trust_cache && sql && sql->sqlstate() == "23505")
      return commit(l, batch, false);
    if (is_write_refusal(e)) { // the whole database, not one append
      auto refused = classify(e);
      for (auto& p : batch)
        deliver(p, refused);
      return;
    }
    if (batch.size() > 1) {
      // Find the bad apple: retry each append alone.
      for (size_t i = 0; i < batch.size(); ++i) {
        if (!l.conn) {
          deliver(batch[i], store_error{store_errc::unavailable,
                                        "PostgreSQL is unreachable; nothing "
                                        "was written"});
          continue;
        }
        std::vector<pending> one;
        one.push_back(std::move(batch[i]));
        commit(l, one, false);
      }
      return;
    }
    deliver(batch[0], classify(e));
    return;
  }
  batches_.fetch_add(1, std::memory_order_relaxed);
  remember_versions(batch, rows);
  notify_commit();
  for (auto row : rows) {
    auto& p = batch.at(row[0].as<size_t>());
    auto actual = row[1].as<std::int64_t>();
    if (row[2].is_null()) {
      deliver(p, store_error{store_errc::version_conflict,
                             "stream '" + p.req.stream_id + "' is at version "
                               + std::to_string(actual) + ", expected "
                               + std::to_string(p.req.expected_version),
                             actual});
      continue;
    }
    appends_.fetch_add(1, std::memory_order_relaxed);
    events_.fetch_add(p.req.events.size(), std::memory_order_relaxed);
    auto version = actual + static_cast<std::int64_t>(p.req.events.size());
    deliver(p, append_ok{version, row[2].as<std::int64_t>(),
                         row[3].as<std::int64_t>()});
  }
}

// The batch may or may not have committed before the connection dropped.
// Once the old server session is gone its transaction can no longer change
// outcome, and the event ids tell which it was.
void group_commit_writer::resolve_in_doubt(lane& l,
                                           std::vector<pending>& batch) {
  auto old_pid = l.backend_pid;
  auto old_start = l.backend_start;
  std::string ids = "{";
  for (auto& p : batch)
    for (auto& ev : p.req.events)
      ids += (ids.size() > 1 ? "," : "") + ev.event_id;
  ids += "}";
  auto deadline = clock::now() + opts_.reconnect_timeout;
  for (;;) {
    if (connect(l)) {
      try {
        pqxx::nontransaction tx{*l.conn};
        auto alive = tx.exec_params(
          "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
          " WHERE pid = $1 AND backend_start = $2::timestamptz",
          old_pid, old_start);
        if (alive.empty() || alive[0][0].as<bool>()) {
          std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>>
            found; // event id -> (version, position)
          for (auto row : tx.exec_params("SELECT event_id::text, version,"
                                         " position FROM events WHERE"
                                         " event_id = ANY($1::uuid[])",
                                         ids))
            found[row[0].as<std::string>()]
              = {row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
          for (auto& p : batch) {
            auto first = found.find(p.req.events.front().event_id);
            auto last = found.find(p.req.events.back().event_id);
            if (first != found.end() && last != found.end()) {
              appends_.fetch_add(1, std::memory_order_relaxed);
              events_.fetch_add(p.req.events.size(), std::memory_order_relaxed);
              deliver(p, append_ok{last->second.first, first->second.second,
                                   last->second.second});
            } else if (!found.empty()) {
              // The batch committed without this append: it conflicted.
              auto v = tx.exec_params1("SELECT coalesce(max(version), 0)"
                                       " FROM events WHERE stream_id = $1",
                                       p.req.stream_id)[0]
                         .as<std::int64_t>();
              deliver(p, store_error{store_errc::version_conflict,
                                     "stream '" + p.req.stream_id
                                       + "' is at version " + std::to_string(v),
                                     v});
            } else {
              deliver(p, store_error{store_errc::unavailable,
                                     "connection to PostgreSQL lost before "
                                     "commit; nothing was written"});
            }
          }
          return;
        }
      } catch (const std::exception& e) {
        spdlog::warn("resolving in-doubt batch: {}", e.what());
        l.conn.reset();
      }
    }
    std::unique_lock lock{mtx_};
    if (stopping_ || clock::now() >= deadline)
      break;
    cv_.wait_for(lock, std::chrono::milliseconds{100},
                 [this] { return stopping_; });
  }
  for (auto& p : batch)
    deliver(p, store_error{store_errc::outcome_unknown,
                           "connection to PostgreSQL lost during commit; "
                           "re-read stream '"
                             + p.req.stream_id + "' before retrying"});
}

void group_commit_writer::fail_queued(const store_error& err) {
  std::deque<pending> failed;
  {
    std::lock_guard guard{mtx_};
    failed.swap(queue_);
  }
  for (auto& p : failed)
    deliver(p, err);
}

void group_commit_writer::deliver(pending& p, append_result result) {
  try {
    p.done(std::move(result));
  } catch (const std::exception& e) {
    spdlog::error("append completion threw: {}", e.what());
  }
}

} // namespace souk
