#include "persistence/durable_subscriber.hpp"

#include <optional>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "persistence/event_rows.hpp"
#include "persistence/pg_connect.hpp"

namespace souk {

namespace {

// The matching events after $1, up to the feed head seen in the same
// snapshot. Position order is commit order, so nothing at or below that
// head can still appear: with fewer than a page of matches, the subscriber
// moves on to the head, and readers waiting for it are not kept waiting.
// Filtering here, not in C++, spares shipping every other event's payload.
// Always one row (the head), with NULL event columns when none matched.
const std::string read_page
  = std::string{"SELECT e.*, h.head FROM (SELECT coalesce(max(position), 0)"
                " AS head FROM events) h LEFT JOIN LATERAL (SELECT "}
    + event_columns
    + " FROM events WHERE position > $1 AND position <= h.head"
      " AND ($3::text[] IS NULL OR type = ANY($3::text[]))"
      " AND left(stream_id, length($4)) = $4"
      " ORDER BY position LIMIT $2) e ON true";

// `types` as a text[] literal; nothing (NULL: every type) when empty.
std::optional<std::string>
array_literal(const std::vector<std::string>& types) {
  if (types.empty())
    return std::nullopt;
  std::string out = "{";
  for (auto& t : types) {
    if (out.size() > 1)
      out += ',';
    out += '"';
    for (char c : t) {
      if (c == '"' || c == '\\')
        out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

} // namespace

durable_subscriber::durable_subscriber(std::string conninfo, subscription sub,
                                       subscriber_options opts)
  : conninfo_(std::move(conninfo)), sub_(std::move(sub)), opts_(opts) {
  thread_ = std::thread([this] { run(); });
}

durable_subscriber::~durable_subscriber() {
  {
    std::lock_guard guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void durable_subscriber::wake() {
  {
    std::lock_guard guard{mtx_};
    woken_ = true;
  }
  cv_.notify_all();
}

// Sleeps until woken, stopped or `d` passed; false when stopping.
bool durable_subscriber::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock{mtx_};
  cv_.wait_for(lock, d, [this] { return stopping_ || woken_; });
  woken_ = false;
  return !stopping_;
}

bool durable_subscriber::wait_for(std::int64_t position,
                                  std::chrono::milliseconds timeout) {
  std::unique_lock lock{progress_mtx_};
  return progress_cv_.wait_for(lock, timeout,
                               [&] { return position_.load() >= position; });
}

void durable_subscriber::run() {
  std::unique_ptr<pqxx::connection> conn;
  auto types = array_literal(sub_.event_types);
  for (;;) {
    {
      std::lock_guard guard{mtx_};
      if (stopping_)
        break;
    }
    try {
      if (!conn) {
        active_ = false;
        conn = pg_connect(conninfo_);
        pqxx::nontransaction tx{*conn};
        // Session lock: held while this connection lives, released by the
        // server if this process dies.
        if (!opts_.durable) {
          // From the head on first connect; after a reconnect, from where
          // it was.
          if (!started_)
            position_ = tx.exec1("SELECT coalesce(max(position), 0) FROM"
                                 " events")[0]
                          .as<std::int64_t>();
          started_ = true;
          active_ = true;
          continue;
        }
        auto got = tx.exec_params1("SELECT pg_try_advisory_lock(hashtext($1))",
                                   "souk.subscriber." + sub_.name)[0]
                     .as<bool>();
        if (!got) {
          conn.reset();
          sleep_for(opts_.poll_interval * 5);
          continue;
        }
        tx.exec_params("INSERT INTO subscriber_checkpoints (name, position)"
                       " SELECT $1, CASE WHEN $2 THEN coalesce(max(position),"
                       " 0) ELSE 0 END FROM events ON CONFLICT (name) DO"
                       " NOTHING",
                       sub_.name, opts_.start_at_head);
        position_ = tx.exec_params1("SELECT position FROM"
                                    " subscriber_checkpoints WHERE name = $1",
                                    sub_.name)[0]
                      .as<std::int64_t>();
        active_ = true;
        spdlog::info("subscriber {} resumes after position {}", sub_.name,
                     position_.load());
      }
      pqxx::nontransaction tx{*conn};
      auto rows = tx.exec_params(read_page, position_.load(),
                                 static_cast<std::int64_t>(opts_.page_size),
                                 types, sub_.stream_prefix);
      auto head = rows.empty() ? 0 : rows[0]["head"].as<std::int64_t>();
      if (rows.empty() || (rows[0][0].is_null() && head <= position_.load())) {
        sleep_for(opts_.poll_interval);
        continue;
      }
      auto handled = position_.load();
      bool stopped = false;
      auto matched = rows[0][0].is_null() ? 0 : rows.size();
      for (auto row : rows) {
        if (row[0].is_null())
          break;
        {
          std::lock_guard guard{mtx_};
          stopped = stopping_;
        }
        if (stopped)
          break;
        auto ev = to_event(row);
        // Every row matches (the query filters). Offered until handled: an
        // event is never skipped.
        for (;;) {
          try {
            sub_.handler(ev);
            break;
          } catch (const std::exception& e) {
            spdlog::warn("subscriber {} failed on position {} ({}): {}",
                         sub_.name, ev.position, ev.type, e.what());
            if (!sleep_for(opts_.retry_delay)) {
              stopped = true;
              break;
            }
          }
        }
        if (stopped)
          break;
        handled = ev.position;
        {
          std::lock_guard guard{progress_mtx_};
          position_ = handled;
        }
        progress_cv_.notify_all();
      }
      // Less than a page matched: nothing else to handle up to the head.
      if (!stopped && matched < static_cast<size_t>(opts_.page_size)
          && head > handled) {
        handled = head;
        {
          std::lock_guard guard{progress_mtx_};
          position_ = handled;
        }
        progress_cv_.notify_all();
      }
      if (opts_.durable)
        tx.exec_params("UPDATE subscriber_checkpoints SET position = $2,"
                       " updated_at = now() WHERE name = $1",
                       sub_.name, handled);
    } catch (const std::exception& e) {
      if (is_connection_failure(e) || (conn && !conn->is_open())) {
        spdlog::warn("subscriber {}: connection lost: {}", sub_.name, e.what());
      } else {
        spdlog::error("subscriber {}: {}", sub_.name, e.what());
      }
      conn.reset();
      active_ = false;
      sleep_for(opts_.retry_delay);
    }
  }
  active_ = false;
}

} // namespace souk
