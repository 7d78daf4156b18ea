#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/catalog/catalog_types.hpp"

namespace souk::catalog {

// Commands carry their new ids and time: `decide` stays pure.

struct create_region {
  catalog::region region;
  std::string by;
  std::int64_t at = 0;
};

/// Changes the fields that are set.
struct update_region {
  std::string region_id;
  std::optional<std::string> name;
  std::optional<std::string> currency_code;
  std::optional<std::int64_t> tax_rate_bp;
  std::optional<std::vector<std::string>> countries;
  std::string by;
  std::int64_t at = 0;
};

/// Deletes the region and its shipping options.
struct delete_region {
  std::string region_id;
  std::string by;
  std::int64_t at = 0;
};

struct create_product {
  catalog::product product;
  std::string by;
  std::int64_t at = 0;
};

/// Changes the fields of one variant that are set; `prices` replaces them
/// all (Medusa's POST /admin/products/:id/variants/:variant_id).
struct variant_update {
  std::string variant_id;
  std::optional<std::string> title;
  std::optional<std::string> sku;
  std::optional<std::vector<catalog::price>> prices;
};

/// Changes the fields that are set.
struct update_product {
  std::string product_id;
  std::optional<std::string> title;
  std::optional<std::string> subtitle;
  std::optional<std::string> description;
  std::optional<std::string> status;
  /// "" takes it out of its collection.
  std::optional<std::string> collection_id;
  std::optional<std::vector<std::string>> category_ids;
  std::vector<variant_update> variants;
  std::string by;
  std::int64_t at = 0;
};

struct delete_product {
  std::string product_id;
  std::string by;
  std::int64_t at = 0;
};

struct create_shipping_option {
  catalog::shipping_option option;
  std::string by;
  std::int64_t at = 0;
};

/// Changes the fields that are set.
struct update_shipping_option {
  std::string option_id;
  std::optional<std::string> name;
  std::optional<std::int64_t> amount;
  std::string by;
  std::int64_t at = 0;
};

struct delete_shipping_option {
  std::string option_id;
  std::string by;
  std::int64_t at = 0;
};

struct create_publishable_key {
  catalog::publishable_key key;
  std::string by;
  std::int64_t at = 0;
};

struct create_collection {
  catalog::collection collection;
  std::string by;
  std::int64_t at = 0;
};

/// Changes the fields that are set.
struct update_collection {
  std::string collection_id;
  std::optional<std::string> title;
  std::optional<std::string> handle;
  std::string by;
  std::int64_t at = 0;
};

struct delete_collection {
  std::string collection_id;
  std::string by;
  std::int64_t at = 0;
};

/// Puts products into a category or collection and takes others out
/// (Medusa's {add, remove}); unknown product ids are refused.
struct group_products {
  enum class kind { collection, category } group = kind::collection;
  std::string group_id;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::string by;
  std::int64_t at = 0;
};

/// A new category; its rank is the number of its siblings (last) unless
/// `rank` says where.
struct create_category {
  catalog::category category;
  std::optional<std::int64_t> rank;
  std::string by;
  std::int64_t at = 0;
};

/// Changes the fields that are set; a new parent or rank renumbers the
/// siblings it leaves and joins.
struct update_category {
  std::string category_id;
  std::optional<std::string> name;
  std::optional<std::string> handle;
  std::optional<std::string> description;
  std::optional<std::string> parent_category_id;
  std::optional<std::int64_t> rank;
  std::optional<bool> is_active;
  std::optional<bool> is_internal;
  std::string by;
  std::int64_t at = 0;
};

struct delete_category {
  std::string category_id;
  std::string by;
  std::int64_t at = 0;
};

struct create_promotion {
  catalog::promotion promotion;
  std::string by;
  std::int64_t at = 0;
};

/// Replaces the promotion's terms with `promotion`'s (same id).
struct update_promotion {
  catalog::promotion promotion;
  std::string by;
  std::int64_t at = 0;
};

struct delete_promotion {
  std::string promotion_id;
  std::string by;
  std::int64_t at = 0;
};

/// Reads the catalog without changing it.
struct read_catalog {};

using catalog_command
  = std::variant<create_region, update_region, delete_region, create_product,
                 update_product, delete_product, create_shipping_option,
                 update_shipping_option, delete_shipping_option,
                 create_publishable_key, create_collection, update_collection,
                 delete_collection, group_products, create_category,
                 update_category, delete_category, create_promotion,
                 update_promotion, delete_promotion, read_catalog>;

} // namespace souk::catalog
