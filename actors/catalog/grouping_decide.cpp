#include "actors/catalog/grouping_decide.hpp"

#include <algorithm>
#include <set>

namespace souk::catalog::grouping {

namespace {

using events = std::vector<catalog_event>;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

domain_error collection_not_found(const std::string& id) {
  return {domain_errc::not_found,
          "Product collection with id: " + id + " was not found"};
}

domain_error category_not_found(const std::string& id) {
  return {domain_errc::not_found,
          "Product category with id: " + id + " was not found"};
}

std::optional<domain_error> check(const catalog_state& s, const collection& c) {
  if (c.title.empty())
    return invalid("title must not be empty");
  if (c.handle.empty())
    return invalid("handle must not be empty");
  for (auto& [id, other] : s.collections)
    if (id != c.id && other.handle == c.handle)
      return domain_error{domain_errc::already_exists,
                          "Product collection with handle: " + c.handle
                            + ", already exists."};
  return std::nullopt;
}

// Whether `id` is `ancestor` or lies under it.
bool under(const catalog_state& s, std::string id,
           const std::string& ancestor) {
  for (std::size_t depth = 0; !id.empty() && depth <= s.categories.size();
       ++depth) {
    if (id == ancestor)
      return true;
    auto* c = s.find_category(id);
    id = c ? c->parent_category_id : "";
  }
  return false;
}

std::optional<domain_error> check(const catalog_state& s, const category& c) {
  if (c.name.empty())
    return invalid("name must not be empty");
  if (c.handle.empty())
    return invalid("handle must not be empty");
  for (auto& [id, other] : s.categories)
    if (id != c.id && other.handle == c.handle)
      return domain_error{domain_errc::already_exists,
                          "Product category with handle: " + c.handle
                            + ", already exists."};
  if (!c.parent_category_id.empty()) {
    if (!s.find_category(c.parent_category_id))
      return invalid("Parent category with id: " + c.parent_category_id
                     + " was not found");
    if (under(s, c.parent_category_id, c.id))
      return invalid("A category cannot be placed under itself or one of its "
                     "children");
  }
  return std::nullopt;
}

// The siblings under `parent` as they are, without `skip`.
std::vector<category> siblings(const catalog_state& s,
                               const std::string& parent,
                               const std::string& skip) {
  std::vector<category> out;
  for (auto* c : s.children_of(parent))
    if (c->id != skip)
      out.push_back(*c);
  return out;
}

// Numbers `row` 0, 1, 2, ... and emits an update for each category whose
// document differs from the catalog's.
void renumber(const catalog_state& s, std::vector<category>& row,
              const std::string& by, std::int64_t at, events& out) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    auto& c = row[i];
    c.rank = static_cast<std::int64_t>(i);
    auto* before = s.find_category(c.id);
    if (before && *before == c)
      continue;
    c.updated_at = at;
    if (before)
      out.push_back(category_updated{c, by, at});
    else
      out.push_back(category_created{c, by, at});
  }
}

// Where `rank` puts a category in a row of `n` others (the end if none).
std::size_t slot(std::optional<std::int64_t> rank, std::size_t n) {
  if (!rank)
    return n;
  return static_cast<std::size_t>(
    std::clamp<std::int64_t>(*rank, 0, static_cast<std::int64_t>(n)));
}

} // namespace

std::optional<domain_error> check_groups(const catalog_state& s,
                                         const product& p) {
  if (!p.collection_id.empty() && !s.find_collection(p.collection_id))
    return invalid("Product collection with id: " + p.collection_id
                   + " was not found");
  std::set<std::string> seen;
  for (auto& id : p.category_ids) {
    if (!s.find_category(id))
      return invalid("Product category with id: " + id + " was not found");
    if (!seen.insert(id).second)
      return invalid("Product category " + id + " is listed twice");
  }
  return std::nullopt;
}

decision decide(const catalog_state& s, const create_collection& c) {
  auto col = c.collection;
  if (col.handle.empty())
    col.handle = handle_of(col.title);
  if (auto bad = check(s, col))
    return *bad;
  if (s.find_collection(col.id))
    return domain_error{domain_errc::already_exists, "collection exists"};
  col.created_at = col.updated_at = c.at;
  return events{collection_created{col, c.by, c.at}};
}

decision decide(const catalog_state& s, const update_collection& c) {
  auto* found = s.find_collection(c.collection_id);
  if (!found)
    return collection_not_found(c.collection_id);
  auto col = *found;
  if (c.title)
    col.title = *c.title;
  if (c.handle)
    col.handle = *c.handle;
  if (auto bad = check(s, col))
    return *bad;
  if (col == *found)
    return events{};
  col.updated_at = c.at;
  return events{collection_updated{col, c.by, c.at}};
}

decision decide(const catalog_state& s, const delete_collection& c) {
  if (!s.find_collection(c.collection_id))
    return collection_not_found(c.collection_id);
  return events{collection_deleted{c.collection_id, c.by, c.at}};
}

decision decide(const catalog_state& s, const group_products& c) {
  bool to_collection = c.group == group_products::kind::collection;
  if (to_collection ? !s.find_collection(c.group_id)
                    : !s.find_category(c.group_id))
    return to_collection ? collection_not_found(c.group_id)
                         : category_not_found(c.group_id);
  for (auto* ids : {&c.add, &c.remove})
    for (auto& id : *ids)
      if (!s.find_product(id))
        return invalid("Product with id: " + id + " was not found");
  for (auto& id : c.add)
    if (std::find(c.remove.begin(), c.remove.end(), id) != c.remove.end())
      return invalid("Product " + id + " is both added and removed");
  std::map<std::string, product> changed;
  auto edit = [&](const std::string& id) -> product& {
    auto [it, fresh] = changed.try_emplace(id);
    if (fresh)
      it->second = *s.find_product(id);
    return it->second;
  };
  for (auto& id : c.add) {
    auto& p = edit(id);
    if (to_collection)
      p.collection_id = c.group_id;
    else if (std::find(p.category_ids.begin(), p.category_ids.end(), c.group_id)
             == p.category_ids.end())
      p.category_ids.push_back(c.group_id);
  }
  for (auto& id : c.remove) {
    auto& p = edit(id);
    if (!to_collection)
      std::erase(p.category_ids, c.group_id);
    else if (p.collection_id == c.group_id)
      p.collection_id.clear();
  }
  events out;
  for (auto& [id, p] : changed)
    if (!(p == *s.find_product(id))) {
      p.updated_at = c.at;
      out.push_back(product_updated{p, c.by, c.at});
    }
  return out;
}

decision decide(const catalog_state& s, const create_category& c) {
  auto cat = c.category;
  if (cat.handle.empty())
    cat.handle = handle_of(cat.name);
  if (s.find_category(cat.id))
    return domain_error{domain_errc::already_exists, "category exists"};
  if (auto bad = check(s, cat))
    return *bad;
  cat.created_at = cat.updated_at = c.at;
  auto row = siblings(s, cat.parent_category_id, "");
  row.insert(
    row.begin() + static_cast<std::ptrdiff_t>(slot(c.rank, row.size())), cat);
  events out;
  renumber(s, row, c.by, c.at, out);
  // The new category first: its siblings' updates follow it.
  std::stable_partition(out.begin(), out.end(), [](auto& e) {
    return std::holds_alternative<category_created>(e);
  });
  return out;
}

decision decide(const catalog_state& s, const update_category& c) {
  auto* found = s.find_category(c.category_id);
  if (!found)
    return category_not_found(c.category_id);
  auto cat = *found;
  if (c.name)
    cat.name = *c.name;
  if (c.handle)
    cat.handle = *c.handle;
  if (c.description)
    cat.description = *c.description;
  if (c.parent_category_id)
    cat.parent_category_id = *c.parent_category_id;
  if (c.is_active)
    cat.is_active = *c.is_active;
  if (c.is_internal)
    cat.is_internal = *c.is_internal;
  if (auto bad = check(s, cat))
    return *bad;
  events out;
  bool moved = cat.parent_category_id != found->parent_category_id;
  if (moved) // the row it leaves closes up
    if (auto left = siblings(s, found->parent_category_id, cat.id);
        !left.empty())
      renumber(s, left, c.by, c.at, out);
  auto row = siblings(s, cat.parent_category_id, cat.id);
  auto at = moved || c.rank ? slot(c.rank, row.size())
                            : static_cast<std::size_t>(found->rank);
  row.insert(
    row.begin() + static_cast<std::ptrdiff_t>(std::min(at, row.size())), cat);
  renumber(s, row, c.by, c.at, out);
  return out;
}

decision decide(const catalog_state& s, const delete_category& c) {
  auto* found = s.find_category(c.category_id);
  if (!found)
    return category_not_found(c.category_id);
  if (!s.children_of(c.category_id).empty())
    return invalid("Deleting ProductCategory (" + c.category_id
                   + ") with category children is not allowed");
  events out{category_deleted{c.category_id, c.by, c.at}};
  auto row = siblings(s, found->parent_category_id, c.category_id);
  renumber(s, row, c.by, c.at, out);
  return out;
}

} // namespace souk::catalog::grouping
