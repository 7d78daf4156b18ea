#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/catalog/catalog_events.hpp"

namespace souk::catalog {

/// The whole catalog, folded from its stream. Ids sort by their creation
/// millisecond (within one, at random: their random part never counts up).
struct catalog_state {
  std::int64_t version = 0;
  std::map<std::string, product> products;
  std::map<std::string, region> regions;
  std::map<std::string, shipping_option> shipping_options;
  /// By token.
  std::map<std::string, publishable_key> keys;
  /// Variant id → product id.
  std::map<std::string, std::string> variant_index;
  std::map<std::string, collection> collections;
  std::map<std::string, category> categories;
  std::map<std::string, promotion> promotions;

  const product* find_product(const std::string& id) const;
  /// Every product, oldest first (by creation time, then id): the order
  /// lists show.
  std::vector<const product*> products_by_creation() const;
  const region* find_region(const std::string& id) const;
  const collection* find_collection(const std::string& id) const;
  const category* find_category(const std::string& id) const;
  /// The children of `parent_id` ("" for the top level), by rank.
  std::vector<const category*> children_of(const std::string& parent_id) const;
  /// Whether the store sees the category: it and every ancestor active and
  /// not internal.
  bool shown_to_store(const category& c) const;
  /// The promotion whose code is `code`, compared without case.
  const promotion* find_promotion_code(std::string_view code) const;
  /// The variant and its product, or {nullptr, nullptr}.
  std::pair<const product*, const variant*>
  find_variant(const std::string& variant_id) const;
};

catalog_state evolve(catalog_state s, const catalog_event& e);

/// The variant's price in `currency_code`, if it has one.
const price* price_in(const variant& v, const std::string& currency_code);

} // namespace souk::catalog
