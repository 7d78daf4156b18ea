#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace souk::catalog {

/// A price in minor units (2000 = €20.00).
struct price {
  std::string currency_code;
  std::int64_t amount = 0;

  friend bool operator==(const price&, const price&) = default;
};

struct product_option {
  std::string id;
  std::string title;
  std::vector<std::string> values;

  friend bool operator==(const product_option&, const product_option&)
    = default;
};

struct variant {
  std::string id;
  std::string title;
  std::string sku;
  std::vector<price> prices;
  /// Option title → value, e.g. "Size" → "30 cm".
  std::map<std::string, std::string> options;
  bool manage_inventory = true;

  friend bool operator==(const variant&, const variant&) = default;
};

struct product {
  std::string id;
  std::string title;
  std::string handle;
  std::string subtitle;
  std::string description;
  /// "published" or "draft"; the store sees published ones only.
  std::string status = "published";
  std::vector<product_option> options;
  std::vector<variant> variants;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const product&, const product&) = default;
};

struct region {
  std::string id;
  std::string name;
  std::string currency_code;
  /// Flat tax rate in basis points: 1900 = 19 %.
  std::int64_t tax_rate_bp = 0;
  /// ISO 3166-1 alpha-2, lower case.
  std::vector<std::string> countries;
  std::int64_t created_at = 0;
  /// Kept by `evolve` (the time of the last change), not in the events.
  std::int64_t updated_at = 0;

  friend bool operator==(const region&, const region&) = default;
};

/// A flat-rate shipping option of a region.
struct shipping_option {
  std::string id;
  std::string name;
  std::string region_id;
  std::int64_t amount = 0;
  std::int64_t created_at = 0;

  friend bool operator==(const shipping_option&, const shipping_option&)
    = default;
};

/// A publishable API key: store requests name their sales channel with it.
struct publishable_key {
  std::string token;
  std::string sales_channel_id;
  std::string title;

  friend bool operator==(const publishable_key&, const publishable_key&)
    = default;
};

} // namespace souk::catalog
