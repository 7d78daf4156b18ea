#include "actors/catalog/catalog_state.hpp"

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
