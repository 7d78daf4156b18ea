#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "persistence/pg_accounts.hpp"
#include "persistence/pg_addresses.hpp"
#include "persistence/pg_order_list.hpp"

namespace souk {

/// The blocking stores a route may use, one set per pool thread.
struct db_handles {
  explicit db_handles(const std::string& conninfo)
    : accounts(conninfo), addresses(conninfo), orders(conninfo) {
    // nop
  }
  pg_accounts accounts;
  pg_addresses addresses;
  pg_order_list orders;
};

/// Threads for routes' blocking work: Argon2id, the account tables, the
/// read models. Each thread keeps its own connections. Routes post a job
/// and answer from it; I/O threads never wait.
class db_pool {
public:
  db_pool(std::string conninfo, std::size_t threads)
    : conninfo_(std::move(conninfo)), pool_(threads) {
    // nop
  }

  ~db_pool() { pool_.join(); }

  /// Runs `job(handles)` on a pool thread.
  void run(std::function<void(db_handles&)> job) {
    boost::asio::post(pool_, [this, job = std::move(job)] {
      // Pool threads belong to this pool for their whole life.
      thread_local std::unique_ptr<db_handles> handles;
      if (!handles)
        handles = std::make_unique<db_handles>(conninfo_);
      job(*handles);
    });
  }

private:
  std::string conninfo_;
  boost::asio::thread_pool pool_;
};

} // namespace souk
