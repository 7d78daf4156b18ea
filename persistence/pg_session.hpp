#pragma once

#include <memory>
#include <string>
#include <utility>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"
#include "persistence/pg_connect.hpp"

namespace souk {

/// One lazily opened connection and the one way its queries fail: a
/// dropped connection is `unavailable` (and re-opened by the next call),
/// anything else is a logged `failure` whose SQL never reaches a caller.
/// Blocking and not thread-safe.
class pg_session {
public:
  explicit pg_session(std::string conninfo) : conninfo_(std::move(conninfo)) {
    // nop: connects on first use
  }

  /// Runs `f(connection&)` and returns its value or the store error.
  template <class F>
  auto run(F&& f)
    -> expected<decltype(f(std::declval<pqxx::connection&>())), store_error> {
    try {
      if (!conn_ || !conn_->is_open())
        conn_ = pg_connect(conninfo_);
      return f(*conn_);
    } catch (const std::exception& e) {
      // libpqxx reports some calls on a dead connection as a plain
      // failure ("Could not obtain client encoding: not connected").
      if (is_connection_failure(e) || (conn_ && !conn_->is_open())) {
        conn_.reset();
        return store_error{store_errc::unavailable,
                           std::string{"PostgreSQL unavailable: "} + e.what()};
      }
      if (is_write_refusal(e)) {
        spdlog::warn("query refused: {}", e.what());
        return store_error{store_errc::unavailable,
                           "PostgreSQL refuses writes (read-only or out of "
                           "space)"};
      }
      spdlog::error("query failed: {}", e.what());
      return store_error{store_errc::failure, "query failed"};
    }
  }

private:
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

} // namespace souk
