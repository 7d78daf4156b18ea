#pragma once

#include <functional>
#include <string>

#include <caf/all.hpp>

#include "actors/catalog/catalog_view.hpp"
#include "http/db_pool.hpp"
#include "http/login_limiter.hpp"
#include "http/render_cache.hpp"

namespace souk {

/// What the routes reach: the actors and the in-memory views, wired by
/// the composition root. Handlers run on I/O threads, or on the thread
/// that answered the access gate (an actor's, a db-pool thread's): they ask
/// actors (through `ask`) and read views; they never block.
struct app_context {
  caf::actor_system& sys;
  /// entity_host<catalog_domain>: the catalog entity "main".
  caf::actor catalog;
  catalog::catalog_view& catalog_view;
  /// The workflow engine.
  caf::actor workflows;
  /// entity_host<cart_domain>.
  caf::actor carts;
  /// entity_host<inventory_domain>: one item per variant.
  caf::actor inventory;
  /// entity_host<order_domain>.
  caf::actor orders;
  /// Signs and checks bearer tokens.
  std::string auth_secret;
  /// Blocking work: accounts, read models.
  db_pool& db;
  /// Password hashing (Argon2id): sign-in and sign-up.
  db_pool& passwords;
  /// Sign-in attempts per account and per client network; sign-ups per
  /// client network.
  login_limiter& by_email;
  login_limiter& by_address;
  login_limiter& signups;
  /// Rendered store lists per catalog version.
  render_cache& rendered;
  /// Blocks (db pool only) until the order-list projection has handled
  /// the feed up to `position`, at most a few seconds: read-your-writes.
  std::function<void(std::int64_t position)> await_order_list;
  /// Renders GET /metrics (Prometheus text); blocks: call it on the db pool.
  std::function<std::string()> metrics;
  /// When set, GET /metrics wants `Authorization: Bearer <metrics_token>`.
  std::string metrics_token;
};

} // namespace souk
