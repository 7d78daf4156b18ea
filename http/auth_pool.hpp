#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "persistence/pg_accounts.hpp"

namespace souk {

/// Threads for the blocking part of sign-in: Argon2id and the account
/// tables. Each thread keeps its own connection.
class auth_pool {
public:
  auth_pool(std::string conninfo, std::size_t threads)
    : conninfo_(std::move(conninfo)), pool_(threads) {
    // nop
  }

  ~auth_pool() { pool_.join(); }

  /// Runs `job(accounts)` on a pool thread.
  void run(std::function<void(pg_accounts&)> job) {
    boost::asio::post(pool_, [this, job = std::move(job)] {
      thread_local std::unique_ptr<pg_accounts> accounts;
      thread_local const auth_pool* owner = nullptr;
      if (!accounts || owner != this) {
        accounts = std::make_unique<pg_accounts>(conninfo_);
        owner = this;
      }
      job(*accounts);
    });
  }

private:
  std::string conninfo_;
  boost::asio::thread_pool pool_;
};

} // namespace souk
