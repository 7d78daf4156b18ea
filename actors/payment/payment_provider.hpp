#pragma once

#include <cstdint>
#include <string>

#include "actors/runtime/expected.hpp"

namespace souk::payment {

/// Why a provider refused.
struct payment_error {
  std::string message;
};

/// Takes payments for orders. Calls are keyed: the same key again returns
/// the same authorisation, so a retried checkout step never charges twice.
class payment_provider {
public:
  virtual ~payment_provider() = default;
  /// "pp_system_default", ...
  virtual std::string id() const = 0;
  /// Authorises `amount` (minor units); the authorisation's id, or why not.
  virtual expected<std::string, payment_error>
  authorize(const std::string& key, std::int64_t amount,
            const std::string& currency_code)
    = 0;
  /// Voids an authorisation (a compensation).
  virtual expected<bool, payment_error> cancel(const std::string& payment_id)
    = 0;
};

/// Medusa's `pp_system_default`: authorises at once, holds no money.
class system_provider : public payment_provider {
public:
  std::string id() const override { return "pp_system_default"; }
  expected<std::string, payment_error> authorize(const std::string& key,
                                                 std::int64_t amount,
                                                 const std::string&) override {
    if (amount < 0)
      return payment_error{"amount must not be negative"};
    return "pay_" + key;
  }
  expected<bool, payment_error> cancel(const std::string&) override {
    return true;
  }
};

} // namespace souk::payment
