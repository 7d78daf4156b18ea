#pragma once

#include <optional>
#include <variant>

#include "actors/catalog/catalog_types.hpp"
#include "actors/runtime/event_codec.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk::catalog {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* category_created = "catalog.category_created.v1";
inline constexpr const char* category_deleted = "catalog.category_deleted.v1";
inline constexpr const char* category_updated = "catalog.category_updated.v1";
inline constexpr const char* collection_created
  = "catalog.collection_created.v1";
inline constexpr const char* collection_deleted
  = "catalog.collection_deleted.v1";
inline constexpr const char* collection_updated
  = "catalog.collection_updated.v1";
inline constexpr const char* product_created = "catalog.product_created.v1";
inline constexpr const char* product_deleted = "catalog.product_deleted.v1";
inline constexpr const char* product_updated = "catalog.product_updated.v1";
inline constexpr const char* promotion_created = "catalog.promotion_created.v1";
inline constexpr const char* promotion_deleted = "catalog.promotion_deleted.v1";
inline constexpr const char* promotion_updated = "catalog.promotion_updated.v1";
inline constexpr const char* publishable_key_created
  = "catalog.publishable_key_created.v1";
inline constexpr const char* region_created = "catalog.region_created.v1";
inline constexpr const char* region_deleted = "catalog.region_deleted.v1";
inline constexpr const char* region_updated = "catalog.region_updated.v1";
inline constexpr const char* shipping_option_created
  = "catalog.shipping_option_created.v1";
inline constexpr const char* shipping_option_deleted
  = "catalog.shipping_option_deleted.v1";
inline constexpr const char* shipping_option_updated
  = "catalog.shipping_option_updated.v1";
} // namespace event_names

// The catalog's events, all on one stream ("catalog"): admin writes are
// rare and the store reads the whole catalog from memory.

struct region_created {
  catalog::region region;
  std::string by;
  std::int64_t at = 0;
};

/// The region as it is after the change (whole document).
struct region_updated {
  catalog::region region;
  std::string by;
  std::int64_t at = 0;
};

/// The region's shipping options go with it.
struct region_deleted {
  std::string region_id;
  std::string by;
  std::int64_t at = 0;
};

struct product_created {
  catalog::product product;
  std::string by;
  std::int64_t at = 0;
};

/// The product as it is after the change (whole document).
struct product_updated {
  catalog::product product;
  std::string by;
  std::int64_t at = 0;
};

struct product_deleted {
  std::string product_id;
  std::string by;
  std::int64_t at = 0;
};

struct shipping_option_created {
  catalog::shipping_option option;
  std::string by;
  std::int64_t at = 0;
};

/// The option as it is after the change (whole document).
struct shipping_option_updated {
  catalog::shipping_option option;
  std::string by;
  std::int64_t at = 0;
};

struct shipping_option_deleted {
  std::string option_id;
  std::string by;
  std::int64_t at = 0;
};

struct publishable_key_created {
  catalog::publishable_key key;
  std::string by;
  std::int64_t at = 0;
};

struct collection_created {
  catalog::collection collection;
  std::string by;
  std::int64_t at = 0;
};

/// The collection as it is after the change (whole document).
struct collection_updated {
  catalog::collection collection;
  std::string by;
  std::int64_t at = 0;
};

/// Its products stay, in no collection.
struct collection_deleted {
  std::string collection_id;
  std::string by;
  std::int64_t at = 0;
};

struct category_created {
  catalog::category category;
  std::string by;
  std::int64_t at = 0;
};

/// The category as it is after the change (whole document); a move or a
/// new rank emits one per sibling whose rank changed.
struct category_updated {
  catalog::category category;
  std::string by;
  std::int64_t at = 0;
};

/// Its products stay, without it (a category with children is never
/// deleted).
struct category_deleted {
  std::string category_id;
  std::string by;
  std::int64_t at = 0;
};

struct promotion_created {
  catalog::promotion promotion;
  std::string by;
  std::int64_t at = 0;
};

/// The promotion as it is after the change (whole document).
struct promotion_updated {
  catalog::promotion promotion;
  std::string by;
  std::int64_t at = 0;
};

/// A cart that holds it drops it at its next change and is refused at
/// checkout until it does; orders placed with it keep it.
struct promotion_deleted {
  std::string promotion_id;
  std::string by;
  std::int64_t at = 0;
};

using catalog_event
  = std::variant<region_created, region_updated, region_deleted,
                 product_created, product_updated, product_deleted,
                 shipping_option_created, shipping_option_updated,
                 shipping_option_deleted, publishable_key_created,
                 collection_created, collection_updated, collection_deleted,
                 category_created, category_updated, category_deleted,
                 promotion_created, promotion_updated, promotion_deleted>;

new_event encode(const catalog_event& event);

/// A promotion as stored (in catalog events and in the carts that applied
/// it), and read back; the error names the bad field.
void write_promotion(json_writer& w, const promotion& p);
std::optional<std::string> read_promotion(simdjson::ondemand::object& o,
                                          promotion& p);
const event_codec<catalog_event>& codec();

} // namespace souk::catalog
