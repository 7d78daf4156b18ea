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
void write_product(json_writer& w, const catalog::product& p,
                   const catalog::region* region,
                   product_view view = product_view::store);

/// A region as Medusa shows it, with its countries.
void write_region(json_writer& w, const catalog::region& r);

/// A shipping option as Medusa's store lists it.
void write_shipping_option(json_writer& w, const catalog::shipping_option& o,
                           const std::string& currency_code);

/// Writes `amount` (minor units) as Medusa's major-unit number.
json_writer& amount(json_writer& w, std::int64_t minor,
                    const std::string& currency_code);

} // namespace souk
