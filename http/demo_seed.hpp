#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/expected.hpp"
#include "http/services.hpp"

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
  /// "Bestsellers" (the pizza and mailer boxes) and the first top-level
  /// category ("Boxes", over "Pizza boxes").
  std::string collection_id;
  std::string category_id;
  /// WELCOME10: 10 % off the order, no limit.
  std::string promotion_id;
  /// Product id → its variant ids.
  std::vector<std::pair<std::string, std::vector<std::string>>> products;
};

/// Creates the demo store once (a second call finds it and returns it).
/// Blocks.
expected<demo_store, std::string> seed_demo(services& svc,
                                            const std::string& conninfo);

/// `demo` as JSON (the shape of demo.json).
std::string to_json(const demo_store& demo);

/// Sends `cmd` to the catalog entity as a workflow or a command line would,
/// not through HTTP, and answers the catalog right after it (or why not).
/// Blocks.
expected<catalog::catalog_state, std::string>
catalog_command(services& svc, catalog::catalog_command cmd);

/// `catalog_command`, then waits until the view shows it. Blocks.
expected<catalog::catalog_state, std::string>
catalog_write(services& svc, catalog::catalog_command cmd);

/// Sets the units on hand of a variant. Blocks.
expected<bool, std::string> set_stock(services& svc, const std::string& variant,
                                      std::int64_t units);

} // namespace souk
