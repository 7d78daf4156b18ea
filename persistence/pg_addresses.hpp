#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/cart/cart_types.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// A customer's saved address (migration 0007).
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

/// The address book. Every call names the customer: an address of another
/// customer is "not found", never read or changed. Blocking, one
/// connection; one instance per thread.
class pg_addresses {
public:
  explicit pg_addresses(std::string conninfo);

  /// Oldest first.
  expected<std::vector<customer_address>, store_error>
  list(const std::string& customer_id);

  /// Adds `a` (its id and customer set); a new default replaces the old one.
  /// Nothing, and no change, when the customer already has
  /// `max_addresses_per_customer` addresses: the check and the insert are
  /// one transaction holding the customer's row lock, so concurrent adds
  /// cannot overshoot the limit.
  expected<std::optional<customer_address>, store_error>
  add(const customer_address& a);

  expected<std::optional<customer_address>, store_error>
  update(const std::string& customer_id, const std::string& id,
         const address_patch& patch);

  /// False when the customer has no such address.
  expected<bool, store_error> remove(const std::string& customer_id,
                                     const std::string& id);

private:
  pg_session session_;
};

/// Applies `patch` to `a`.
void apply(const address_patch& patch, customer_address& a);

} // namespace souk
