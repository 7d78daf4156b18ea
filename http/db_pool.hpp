#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <typeindex>
#include <unordered_map>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/request.hpp"
#include "persistence/accounts.hpp"
#include "persistence/addresses.hpp"
#include "persistence/order_list.hpp"

namespace souk {

/// The blocking stores a route may use, one set per pool thread.
struct db_handles {
  /// PostgreSQL's stores over `conninfo`; each connects on first use.
  explicit db_handles(const std::string& conninfo);

  db_handles(const db_handles&) = delete;
  db_handles& operator=(const db_handles&) = delete;

  /// A module's own port on this thread (its read model's queries, say):
  /// made by `open(conninfo)` on first use, kept for the thread's life.
  /// One per type.
  template <class Port, class Open>
  Port& port(Open open) {
    auto& slot = extra_[typeid(Port)];
    if (!slot)
      slot = std::shared_ptr<Port>{open(conninfo_)};
    return *static_cast<Port*>(slot.get());
  }

private:
  std::string conninfo_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> extra_;
  // Declared before the references below, which are bound to them.
  std::unique_ptr<accounts_port> owned_accounts_;
  std::unique_ptr<addresses_port> owned_addresses_;
  std::unique_ptr<order_list_port> owned_orders_;

public:
  accounts_port& accounts;
  addresses_port& addresses;
  order_list_port& orders;
};

/// Threads for routes' blocking work: the account tables, the read
/// models; a second pool hashes passwords (Argon2id), so a flood of
/// sign-ins cannot starve the rest. Each thread keeps its own connections.
/// Routes post a job and answer from it; I/O threads never wait. The queue
/// is bounded: past `max_queued` jobs waiting, a job is refused (503)
/// instead of queueing forever.
class db_pool {
public:
  db_pool(std::string conninfo, std::size_t threads,
          std::size_t max_queued = 256)
    : conninfo_(std::move(conninfo)), max_queued_(max_queued), pool_(threads) {
    // nop
  }

  ~db_pool() { pool_.join(); }

  /// Runs `job(handles)` on a pool thread; false (and `job` dropped) when
  /// the queue is full.
  bool try_run(std::function<void(db_handles&)> job) {
    if (queued_.fetch_add(1) >= max_queued_) {
      queued_.fetch_sub(1);
      return false;
    }
    boost::asio::post(pool_, [this, job = std::move(job)] {
      queued_.fetch_sub(1);
      // Pool threads belong to this pool for their whole life.
      thread_local std::unique_ptr<db_handles> handles;
      if (!handles)
        handles = std::make_unique<db_handles>(conninfo_);
      // A job that throws (a module's port that lost its database) must not
      // take the pool thread, and with it the server, down.
      try {
        job(*handles);
      } catch (const std::exception& e) {
        spdlog::error("db pool job failed: {}", e.what());
      } catch (...) {
        spdlog::error("db pool job failed");
      }
    });
    return true;
  }

  /// Runs `job(handles)` on a pool thread, or answers 503 through
  /// `respond` when the queue is full.
  void run(std::function<void(db_handles&)> job, const responder& respond);

private:
  std::string conninfo_;
  std::size_t max_queued_;
  std::atomic<std::size_t> queued_{0};
  boost::asio::thread_pool pool_;
};

} // namespace souk
