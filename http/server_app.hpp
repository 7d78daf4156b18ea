#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/expected.hpp"
#include "config/config.hpp"
#include "http/router.hpp"

namespace souk {

/// What the demo seed created, as written to <data-dir>/demo.json.
struct demo_store {
  std::string admin_email;
  /// Set only by the run that created the admin (it is stored hashed).
  std::string admin_password;
  std::string publishable_key;
  std::string sales_channel_id;
  std::string region_id;
  std::string shipping_option_id;
  /// Product id → its variant ids.
  std::vector<std::pair<std::string, std::vector<std::string>>> products;
};

/// Everything `souk serve` runs on a migrated database: the actor system,
/// the store actors, the workflow engine, the notifier, the catalog and
/// the HTTP server. Tests start one on a fresh database and port 0.
class server_app {
public:
  /// Starts it all; a bad workflow definition or an unbindable port is an
  /// error value.
  static expected<std::unique_ptr<server_app>, std::string>
  start(const config& cfg, const std::string& conninfo);

  /// Stops accepting, then the actors, then the writer.
  ~server_app();

  std::uint16_t port() const noexcept;

  /// The route table: every method, path pattern and access rule.
  std::vector<route_info> routes() const;

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

/// Creates an admin user who signs in with `email` and `password`
/// (`souk user create`), or says why not.
expected<bool, std::string> create_admin(const std::string& conninfo,
                                         const std::string& email,
                                         const std::string& password);

/// `demo` as JSON (the shape of demo.json).
std::string to_json(const demo_store& demo);

} // namespace souk
