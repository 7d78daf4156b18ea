#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/cart/cart_types.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// A customer's saved address.
struct customer_address {
  std::string id;
  std::string customer_id;
  std::string address_name;
  bool is_default_shipping = false;
  bool is_default_billing = false;
  cart::address postal;
  std::int64_t created_at = 0; // Unix ms
  std::int64_t updated_at = 0;
};

/// The most addresses one customer keeps.
inline constexpr std::int64_t max_addresses_per_customer = 50;

/// Changes to an address: the fields that are set.
struct address_patch {
  std::optional<std::string> address_name;
  std::optional<bool> is_default_shipping;
  std::optional<bool> is_default_billing;
  std::optional<std::string> first_name, last_name, company, address_1,
    address_2, city, province, postal_code, country_code, phone;
};

/// Applies `patch` to `a`.
void apply(const address_patch& patch, customer_address& a);

/// The address book. Every call names the customer: an address of another
/// customer is "not found", never read or changed. Blocking and not
/// thread-safe: one instance per thread. PostgreSQL's: `open_addresses` in
/// persistence/postgres.hpp.
class addresses_port {
public:
  virtual ~addresses_port() = default;

  /// Oldest first.
  virtual expected<std::vector<customer_address>, store_error>
  list(const std::string& customer_id) = 0;

  /// Adds `a` (its id and customer set); a new default replaces the old one.
  /// Nothing, and no change, when the customer already has
  /// `max_addresses_per_customer` addresses, however many adds race.
  virtual expected<std::optional<customer_address>, store_error>
  add(const customer_address& a) = 0;

  /// The address after the change; nothing when the customer has no such
  /// address.
  virtual expected<std::optional<customer_address>, store_error>
  update(const std::string& customer_id, const std::string& id,
         const address_patch& patch)
    = 0;

  /// False when the customer has no such address.
  virtual expected<bool, store_error> remove(const std::string& customer_id,
                                             const std::string& id)
    = 0;
};

} // namespace souk
