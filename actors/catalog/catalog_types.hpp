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
  /// The collection it is in ("" for none) and its categories.
  std::string collection_id;
  std::vector<std::string> category_ids;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const product&, const product&) = default;
};

/// A group of products the merchant shows together ("Summer 2026").
struct collection {
  std::string id;
  std::string title;
  std::string handle;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const collection&, const collection&) = default;
};

/// A node of the category tree; `rank` orders it among its siblings
/// (0, 1, 2, ... without gaps).
struct category {
  std::string id;
  std::string name;
  std::string handle;
  std::string description;
  /// "" for a top-level category.
  std::string parent_category_id;
  std::int64_t rank = 0;
  /// An inactive or internal category (and what is under it) is not shown
  /// to the store.
  bool is_active = true;
  bool is_internal = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const category&, const category&) = default;
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

/// A promotion code: an amount off the order or off some of its items,
/// for carts its rules let in, a bounded number of times.
struct promotion {
  std::string id;
  /// What the shopper types; unique, compared without case.
  std::string code;
  /// "active", "inactive" or "draft": carts take active ones only.
  std::string status = "active";
  /// "percentage" or "fixed".
  std::string method = "percentage";
  /// "order" (every item) or "items" (those of `product_ids`).
  std::string target = "order";
  /// "across" (one amount shared by the targeted items) or "each" (a fixed
  /// amount off every unit of each targeted item).
  std::string allocation = "across";
  /// Percentage: basis points (1000 = 10 %). Fixed: minor units of
  /// `currency_code`.
  std::int64_t value = 0;
  /// A fixed amount's currency; when set, carts in it only.
  std::string currency_code;
  /// The products whose items an "items" promotion takes off (empty: all).
  std::vector<std::string> product_ids;
  /// Carts in these regions only (empty: any).
  std::vector<std::string> region_ids;
  /// Valid from `starts_at` until before `ends_at` (ms; 0: open).
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  /// Orders that may use it (0: no limit).
  std::int64_t usage_limit = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  friend bool operator==(const promotion&, const promotion&) = default;
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
