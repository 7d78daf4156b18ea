#pragma once

#include <vector>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::catalog {

using decision = expected<std::vector<catalog_event>, domain_error>;

/// Checks `cmd` against the catalog; pure. Rejections (`invalid_argument`
/// unless said): an empty title or name; a currency code that is not three
/// lower-case letters; a negative price, amount or tax rate; a handle or
/// SKU already taken (`already_exists`); a variant option that the product
/// does not declare; a status other than published/draft; a shipping
/// option of an unknown region; an unknown product (`not_found`).
decision decide(const catalog_state& state, const catalog_command& cmd);

/// "Pizza Box 30 cm" → "pizza-box-30-cm".
std::string handle_of(std::string_view title);

} // namespace souk::catalog
