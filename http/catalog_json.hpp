#pragma once

#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk {

/// Who a product is written for: the store sees prices only as each
/// variant's `calculated_price` in a region; the admin sees the price list.
enum class product_view { store, admin };

/// A product as Medusa's API shows it: for the store, with a region, each
/// variant gets its `calculated_price` in the region's currency; for the
/// admin, each variant has its `prices`.
void write_product(json_writer& w, const catalog::catalog_state& catalog,
                   const catalog::product& p, const catalog::region* region,
                   product_view view = product_view::store);

/// One variant of `p` as write_product writes it.
void write_variant(json_writer& w, const catalog::product& p,
                   const catalog::variant& v, const catalog::region* region,
                   product_view view);

/// A product collection as Medusa shows it (without its products); its
/// fields alone inside an object the caller opened.
void write_collection(json_writer& w, const catalog::collection& c);
json_writer& write_collection_fields(json_writer& w,
                                     const catalog::collection& c);

/// A category's own fields, inside an object the caller opened (the tree
/// around it is the caller's); the admin also sees is_active/is_internal.
json_writer& write_category_fields(json_writer& w, const catalog::category& c,
                                   product_view view);

/// A region as Medusa shows it, with its countries.
void write_region(json_writer& w, const catalog::region& r);

/// A shipping option as Medusa's store lists it.
void write_shipping_option(json_writer& w, const catalog::shipping_option& o,
                           const std::string& currency_code);

/// Writes `amount` (minor units) as Medusa's major-unit number.
json_writer& amount(json_writer& w, std::int64_t minor,
                    const std::string& currency_code);

} // namespace souk
