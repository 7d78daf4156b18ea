#pragma once

#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk {

/// A product as Medusa's store API shows it; with a region, each variant
/// gets its `calculated_price` in the region's currency.
void write_product(json_writer& w, const catalog::product& p,
                   const catalog::region* region);

/// A region as Medusa shows it, with its countries.
void write_region(json_writer& w, const catalog::region& r);

/// A shipping option as Medusa's store lists it.
void write_shipping_option(json_writer& w, const catalog::shipping_option& o,
                           const std::string& currency_code);

/// Writes `amount` (minor units) as Medusa's major-unit number.
json_writer& amount(json_writer& w, std::int64_t minor,
                    const std::string& currency_code);

} // namespace souk
