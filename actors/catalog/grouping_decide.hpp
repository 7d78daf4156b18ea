#pragma once

// How products are grouped: collections and the category tree. Part of the
// catalog's `decide` (catalog_decide.hpp), kept apart because the tree's
// ranking is its own small algorithm. Pure.

#include "actors/catalog/catalog_decide.hpp"

namespace souk::catalog::grouping {

decision decide(const catalog_state& s, const create_collection& c);
decision decide(const catalog_state& s, const update_collection& c);
decision decide(const catalog_state& s, const delete_collection& c);
decision decide(const catalog_state& s, const group_products& c);
decision decide(const catalog_state& s, const create_category& c);
decision decide(const catalog_state& s, const update_category& c);
decision decide(const catalog_state& s, const delete_category& c);

/// Why product `p` may not have its collection or categories, if so.
std::optional<domain_error> check_groups(const catalog_state& s,
                                         const product& p);

} // namespace souk::catalog::grouping
