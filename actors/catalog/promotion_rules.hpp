#pragma once

// Promotions in the catalog: what a valid one is (its `decide`), and
// whether a cart may take one. Pure.

#include <optional>
#include <string>

#include "actors/catalog/catalog_decide.hpp"

namespace souk::catalog::promotions {

decision decide(const catalog_state& s, const create_promotion& c);
decision decide(const catalog_state& s, const update_promotion& c);
decision decide(const catalog_state& s, const delete_promotion& c);

/// Why a cart in `region_id` and `currency_code` cannot take `p` at `at`
/// (Unix ms), if so: inactive, not started, ended, or another region or
/// currency. The message names the code.
std::optional<std::string> refusal(const promotion& p,
                                   const std::string& region_id,
                                   const std::string& currency_code,
                                   std::int64_t at);

/// Whether `a` and `b` take the same amount off the same items (what a
/// cart shows): method, target, allocation, value, currency and products.
bool same_terms(const promotion& a, const promotion& b);

} // namespace souk::catalog::promotions
