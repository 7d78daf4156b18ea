#include "actors/catalog/catalog_state.hpp"

#include "actors/runtime/iequals.hpp"
#include <algorithm>

namespace souk::catalog {

namespace {

struct folder {
  catalog_state& s;

  void index(const product& p) {
    for (auto& v : p.variants)
      s.variant_index[v.id] = p.id;
  }
  void unindex(const std::string& product_id) {
    if (auto i = s.products.find(product_id); i != s.products.end())
      for (auto& v : i->second.variants)
        s.variant_index.erase(v.id);
  }

  void operator()(const region_created& e) {
    auto& r = s.regions[e.region.id] = e.region;
    r.updated_at = r.created_at;
  }
  void operator()(const region_updated& e) {
    auto& r = s.regions[e.region.id] = e.region;
    r.updated_at = e.at;
  }
  void operator()(const region_deleted& e) {
    s.regions.erase(e.region_id);
    std::erase_if(s.shipping_options,
                  [&](auto& o) { return o.second.region_id == e.region_id; });
  }
  void operator()(const product_created& e) {
    s.products[e.product.id] = e.product;
    index(e.product);
  }
  void operator()(const product_updated& e) {
    unindex(e.product.id);
    s.products[e.product.id] = e.product;
    index(e.product);
  }
  void operator()(const product_deleted& e) {
    unindex(e.product_id);
    s.products.erase(e.product_id);
  }
  void operator()(const shipping_option_created& e) {
    s.shipping_options[e.option.id] = e.option;
  }
  void operator()(const shipping_option_updated& e) {
    s.shipping_options[e.option.id] = e.option;
  }
  void operator()(const shipping_option_deleted& e) {
    s.shipping_options.erase(e.option_id);
  }
  void operator()(const publishable_key_created& e) {
    s.keys[e.key.token] = e.key;
  }
  void operator()(const collection_created& e) {
    s.collections[e.collection.id] = e.collection;
  }
  void operator()(const collection_updated& e) {
    s.collections[e.collection.id] = e.collection;
  }
  void operator()(const collection_deleted& e) {
    s.collections.erase(e.collection_id);
    for (auto& [id, p] : s.products)
      if (p.collection_id == e.collection_id)
        p.collection_id.clear();
  }
  void operator()(const promotion_created& e) {
    s.promotions[e.promotion.id] = e.promotion;
  }
  void operator()(const promotion_updated& e) {
    s.promotions[e.promotion.id] = e.promotion;
  }
  void operator()(const promotion_deleted& e) {
    s.promotions.erase(e.promotion_id);
  }
  void operator()(const category_created& e) {
    s.categories[e.category.id] = e.category;
  }
  void operator()(const category_updated& e) {
    s.categories[e.category.id] = e.category;
  }
  void operator()(const category_deleted& e) {
    s.categories.erase(e.category_id);
    for (auto& [id, p] : s.products)
      std::erase(p.category_ids, e.category_id);
  }
};

} // namespace

std::vector<const product*> catalog_state::products_by_creation() const {
  std::vector<const product*> out;
  out.reserve(products.size());
  for (auto& [id, p] : products)
    out.push_back(&p);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) {
    return a->created_at < b->created_at;
  });
  return out;
}

const product* catalog_state::find_product(const std::string& id) const {
  auto i = products.find(id);
  return i == products.end() ? nullptr : &i->second;
}

const region* catalog_state::find_region(const std::string& id) const {
  auto i = regions.find(id);
  return i == regions.end() ? nullptr : &i->second;
}

const collection* catalog_state::find_collection(const std::string& id) const {
  auto i = collections.find(id);
  return i == collections.end() ? nullptr : &i->second;
}

const category* catalog_state::find_category(const std::string& id) const {
  auto i = categories.find(id);
  return i == categories.end() ? nullptr : &i->second;
}

const promotion*
catalog_state::find_promotion_code(std::string_view code) const {
  for (auto& [id, p] : promotions)
    if (iequals(p.code, code))
      return &p;
  return nullptr;
}

std::vector<const category*>
catalog_state::children_of(const std::string& parent_id) const {
  std::vector<const category*> out;
  for (auto& [id, c] : categories)
    if (c.parent_category_id == parent_id)
      out.push_back(&c);
  std::stable_sort(out.begin(), out.end(),
                   [](auto* a, auto* b) { return a->rank < b->rank; });
  return out;
}

bool catalog_state::shown_to_store(const category& c) const {
  // The tree has no cycles (decide refuses them); the bound is a guard.
  const category* at = &c;
  for (std::size_t depth = 0; at && depth <= categories.size(); ++depth) {
    if (!at->is_active || at->is_internal)
      return false;
    if (at->parent_category_id.empty())
      return true;
    at = find_category(at->parent_category_id);
  }
  return false;
}

std::pair<const product*, const variant*>
catalog_state::find_variant(const std::string& variant_id) const {
  auto i = variant_index.find(variant_id);
  if (i == variant_index.end())
    return {nullptr, nullptr};
  auto* p = find_product(i->second);
  if (!p)
    return {nullptr, nullptr};
  for (auto& v : p->variants)
    if (v.id == variant_id)
      return {p, &v};
  return {nullptr, nullptr};
}

catalog_state evolve(catalog_state s, const catalog_event& e) {
  std::visit(folder{s}, e);
  ++s.version;
  return s;
}

const price* price_in(const variant& v, const std::string& currency_code) {
  for (auto& p : v.prices)
    if (p.currency_code == currency_code)
      return &p;
  return nullptr;
}

} // namespace souk::catalog
