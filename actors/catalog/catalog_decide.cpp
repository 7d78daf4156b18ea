#include "actors/catalog/catalog_decide.hpp"
#include "actors/catalog/grouping_decide.hpp"
#include "actors/catalog/promotion_rules.hpp"

#include <algorithm>
#include <set>

namespace souk::catalog {

namespace {

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

bool currency_ok(const std::string& c) {
  return c.size() == 3 && c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a'
         && c[1] <= 'z' && c[2] >= 'a' && c[2] <= 'z';
}

std::optional<domain_error> check(const catalog_state& s, const product& p) {
  if (p.title.empty())
    return invalid("title must not be empty");
  if (p.status != "published" && p.status != "draft")
    return invalid("status must be published or draft");
  for (auto& [id, other] : s.products)
    if (id != p.id && other.handle == p.handle)
      return domain_error{domain_errc::already_exists,
                          "Product with handle: " + p.handle
                            + ", already exists."};
  if (auto bad = grouping::check_groups(s, p))
    return bad;
  std::set<std::string> skus;
  for (auto& v : p.variants) {
    if (v.title.empty())
      return invalid("variants: title must not be empty");
    if (!v.sku.empty()) {
      if (!skus.insert(v.sku).second)
        return domain_error{domain_errc::already_exists,
                            "SKU " + v.sku + " is used twice"};
      for (auto& [id, other] : s.products)
        if (id != p.id)
          for (auto& ov : other.variants)
            if (ov.sku == v.sku)
              return domain_error{domain_errc::already_exists,
                                  "SKU " + v.sku + " already exists"};
    }
    std::set<std::string> currencies;
    for (auto& pr : v.prices) {
      if (!currency_ok(pr.currency_code))
        return invalid("prices: currency_code must be three lower-case "
                       "letters, got '"
                       + pr.currency_code + "'");
      if (pr.amount < 0)
        return invalid("prices: amount must not be negative");
      if (!currencies.insert(pr.currency_code).second)
        return invalid("prices: variant '" + v.title + "' has two prices in "
                       + pr.currency_code);
    }
    for (auto& [title, value] : v.options) {
      bool declared = false;
      for (auto& o : p.options)
        if (o.title == title)
          for (auto& ov : o.values)
            declared = declared || ov == value;
      if (!declared)
        return invalid("variant '" + v.title + "' has option " + title + "="
                       + value + ", which the product does not declare");
    }
  }
  return std::nullopt;
}

domain_error region_not_found(const std::string& id) {
  return {domain_errc::not_found, "Region with id: " + id + " was not found"};
}

domain_error option_not_found(const std::string& id) {
  return {domain_errc::not_found,
          "Shipping option with id: " + id + " was not found"};
}

std::optional<domain_error> check(const region& r) {
  if (r.name.empty())
    return invalid("name must not be empty");
  if (!currency_ok(r.currency_code))
    return invalid("currency_code must be three lower-case letters");
  if (r.tax_rate_bp < 0 || r.tax_rate_bp > 10000)
    return invalid("tax rate must be between 0 and 100 %");
  for (auto& c : r.countries)
    if (c.size() != 2 || c[0] < 'a' || c[0] > 'z' || c[1] < 'a' || c[1] > 'z')
      return invalid("countries must be ISO 3166-1 alpha-2 codes, got '" + c
                     + "'");
  return std::nullopt;
}

struct decider {
  const catalog_state& s;

  std::optional<domain_error> check(const region& r) {
    if (auto bad = catalog::check(r))
      return bad;
    for (auto& [id, other] : s.regions)
      if (id != r.id)
        for (auto& c : other.countries)
          for (auto& mine : r.countries)
            if (c == mine)
              return domain_error{domain_errc::already_exists,
                                  "Country " + c + " is already in region "
                                    + other.name};
    return std::nullopt;
  }
  std::optional<domain_error> check(const shipping_option& o) {
    if (o.name.empty())
      return invalid("name must not be empty");
    if (!s.find_region(o.region_id))
      return invalid("no region " + o.region_id);
    if (o.amount < 0)
      return invalid("amount must not be negative");
    return std::nullopt;
  }

  decision operator()(const create_region& c) {
    if (auto bad = check(c.region))
      return *bad;
    return std::vector<catalog_event>{region_created{c.region, c.by, c.at}};
  }
  decision operator()(const update_region& c) {
    auto* found = s.find_region(c.region_id);
    if (!found)
      return region_not_found(c.region_id);
    auto r = *found;
    if (c.name)
      r.name = *c.name;
    if (c.currency_code)
      r.currency_code = *c.currency_code;
    if (c.tax_rate_bp)
      r.tax_rate_bp = *c.tax_rate_bp;
    if (c.countries)
      r.countries = *c.countries;
    if (auto bad = check(r))
      return *bad;
    if (r == *found)
      return std::vector<catalog_event>{};
    return std::vector<catalog_event>{region_updated{r, c.by, c.at}};
  }
  decision operator()(const delete_region& c) {
    if (!s.find_region(c.region_id))
      return region_not_found(c.region_id);
    return std::vector<catalog_event>{region_deleted{c.region_id, c.by, c.at}};
  }
  decision operator()(const create_product& c) {
    auto p = c.product;
    if (p.handle.empty())
      p.handle = handle_of(p.title);
    if (auto bad = catalog::check(s, p))
      return *bad;
    return std::vector<catalog_event>{product_created{p, c.by, c.at}};
  }
  decision operator()(const update_product& c) {
    auto* found = s.find_product(c.product_id);
    if (!found)
      return domain_error{domain_errc::not_found,
                          "Product with id: " + c.product_id
                            + " was not found"};
    auto p = *found;
    if (c.title)
      p.title = *c.title;
    if (c.subtitle)
      p.subtitle = *c.subtitle;
    if (c.description)
      p.description = *c.description;
    if (c.status)
      p.status = *c.status;
    if (c.collection_id)
      p.collection_id = *c.collection_id;
    if (c.category_ids)
      p.category_ids = *c.category_ids;
    for (auto& u : c.variants) {
      auto v = std::find_if(p.variants.begin(), p.variants.end(),
                            [&u](auto& x) { return x.id == u.variant_id; });
      if (v == p.variants.end())
        return domain_error{domain_errc::not_found,
                            "Variant with id: " + u.variant_id
                              + " was not found"};
      if (u.title)
        v->title = *u.title;
      if (u.sku)
        v->sku = *u.sku;
      if (u.prices)
        v->prices = *u.prices;
    }
    if (auto bad = catalog::check(s, p))
      return *bad;
    if (p == *found)
      return std::vector<catalog_event>{};
    p.updated_at = c.at;
    return std::vector<catalog_event>{product_updated{p, c.by, c.at}};
  }
  decision operator()(const delete_product& c) {
    if (!s.find_product(c.product_id))
      return domain_error{domain_errc::not_found,
                          "Product with id: " + c.product_id
                            + " was not found"};
    return std::vector<catalog_event>{
      product_deleted{c.product_id, c.by, c.at}};
  }
  decision operator()(const create_shipping_option& c) {
    if (auto bad = check(c.option))
      return *bad;
    return std::vector<catalog_event>{
      shipping_option_created{c.option, c.by, c.at}};
  }
  decision operator()(const update_shipping_option& c) {
    auto found = s.shipping_options.find(c.option_id);
    if (found == s.shipping_options.end())
      return option_not_found(c.option_id);
    auto o = found->second;
    if (c.name)
      o.name = *c.name;
    if (c.amount)
      o.amount = *c.amount;
    if (auto bad = check(o))
      return *bad;
    if (o == found->second)
      return std::vector<catalog_event>{};
    return std::vector<catalog_event>{shipping_option_updated{o, c.by, c.at}};
  }
  decision operator()(const delete_shipping_option& c) {
    if (s.shipping_options.count(c.option_id) == 0)
      return option_not_found(c.option_id);
    return std::vector<catalog_event>{
      shipping_option_deleted{c.option_id, c.by, c.at}};
  }
  decision operator()(const create_publishable_key& c) {
    if (c.key.token.empty())
      return invalid("a key needs a token");
    if (s.keys.count(c.key.token) > 0)
      return domain_error{domain_errc::already_exists, "key exists"};
    return std::vector<catalog_event>{
      publishable_key_created{c.key, c.by, c.at}};
  }
  decision operator()(const read_catalog&) {
    return std::vector<catalog_event>{};
  }
  decision operator()(const create_promotion& c) {
    return promotions::decide(s, c);
  }
  decision operator()(const update_promotion& c) {
    return promotions::decide(s, c);
  }
  decision operator()(const delete_promotion& c) {
    return promotions::decide(s, c);
  }
  // Collections and categories.
  template <class Command>
  decision operator()(const Command& c) {
    return grouping::decide(s, c);
  }
};

} // namespace

decision decide(const catalog_state& state, const catalog_command& cmd) {
  return std::visit(decider{state}, cmd);
}

std::string handle_of(std::string_view title) {
  std::string out;
  for (char c : title) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

} // namespace souk::catalog
