#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/expected.hpp"
#include "config/config.hpp"
#include "http/admin_users.hpp"
#include "http/demo_seed.hpp"
#include "http/module.hpp"
#include "http/modules/modules.hpp"
#include "http/router.hpp"

namespace souk {

/// Everything `souk serve` runs: the runtime (actor system, event store
/// writer and reader, workflow engine, db pools, HTTP server) and the
/// modules on it. Tests start one on a fresh database and port 0.
class server_app {
public:
  /// Applies the migrations not yet applied (souk's and the modules'),
  /// installs `modules` in order, starts the engine and listens. A module
  /// that cannot install, a bad workflow definition or an unbindable port
  /// is an error value.
  static expected<std::unique_ptr<server_app>, std::string>
  start(const config& cfg, const std::string& conninfo,
        std::vector<module> modules = souk_modules());

  /// Stops accepting, then the subscribers, then the actors and the writer.
  ~server_app();

  std::uint16_t port() const noexcept;

  /// The route table: every method, path pattern and access rule.
  std::vector<route_info> routes() const;

  /// What the modules use (and declared).
  services& svc() noexcept;

  /// Creates the demo store once (a second call finds it and returns it).
  expected<demo_store, std::string> seed_demo();

  /// Sets the units on hand of a variant (the seed gives each 1,000).
  expected<bool, std::string> set_stock(const std::string& variant_id,
                                        std::int64_t units);

  /// Sends `cmd` to the catalog entity as a workflow or a command line
  /// would, not through HTTP, and answers the catalog right after it (or
  /// why not). It reaches the store's view like any other committed write:
  /// through the follower of the catalog's events (`wait_for_catalog`).
  expected<catalog::catalog_state, std::string>
  catalog_command(catalog::catalog_command cmd);

  /// Blocks until this server's catalog view holds `version` (of the
  /// `catalog` stream) or a newer one, at most `timeout`; false if it does
  /// not by then.
  bool wait_for_catalog(std::int64_t version,
                        std::chrono::milliseconds timeout);

private:
  server_app() = default;
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace souk
