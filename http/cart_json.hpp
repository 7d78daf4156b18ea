#pragma once

#include "actors/cart/cart_state.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/json_writer.hpp"

namespace souk {

/// A cart as Medusa's store API shows it: lines, shipping method,
/// addresses and every total (major units).
void write_cart(json_writer& w, const std::string& id,
                const cart::cart_state& c,
                const catalog::catalog_state& catalog);

/// The fields of a postal address (inside an object the caller opened);
/// unset ones are null.
void write_postal_fields(json_writer& w, const cart::address& a);

/// A promotion as Medusa shows it on a cart and to the admin: its code and
/// `application_method` (a percentage as a percent, a fixed amount in
/// major units).
void write_store_promotion(json_writer& w, const catalog::promotion& p);
/// Its fields alone, inside an object the caller opened.
json_writer& write_store_promotion_fields(json_writer& w,
                                          const catalog::promotion& p);

/// The cart's payment collection, with its session if there is one.
void write_payment_collection(json_writer& w, const cart::cart_state& c);

} // namespace souk
