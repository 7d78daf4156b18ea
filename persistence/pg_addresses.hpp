#pragma once

#include <string>

#include "persistence/addresses.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// The address book in the `customer_addresses` table (migration 0007).
/// Blocking, one connection; one instance per thread. `add` checks the
/// limit and inserts in one transaction holding the customer's row lock,
/// so concurrent adds cannot overshoot it.
class pg_addresses final : public addresses_port {
public:
  explicit pg_addresses(std::string conninfo);

  expected<std::vector<customer_address>, store_error>
  list(const std::string& customer_id) override;
  expected<std::optional<customer_address>, store_error>
  add(const customer_address& a) override;
  expected<std::optional<customer_address>, store_error>
  update(const std::string& customer_id, const std::string& id,
         const address_patch& patch) override;
  expected<bool, store_error> remove(const std::string& customer_id,
                                     const std::string& id) override;

private:
  pg_session session_;
};

} // namespace souk
