#include "actors/cart/cart_decide.hpp"

#include "actors/cart/cart_state.hpp"
#include "actors/catalog/promotion_rules.hpp"
#include "actors/runtime/iequals.hpp"
#include "actors/runtime/units.hpp"

#include <algorithm>
#include <cctype>

namespace souk::cart {

namespace {

using events = std::vector<cart_event>;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

// An amount for a message, with every decimal of its currency ("1.20").
std::string money(std::int64_t minor, const std::string& currency_code) {
  auto text = major_units(minor, currency_code);
  auto exp = static_cast<size_t>(currency_exponent(currency_code));
  if (exp == 0)
    return text;
  auto dot = text.find('.');
  if (dot == std::string::npos) {
    dot = text.size();
    text += '.';
  }
  auto decimals = text.size() - dot - 1;
  if (decimals < exp)
    text.append(exp - decimals, '0');
  return text;
}

bool email_ok(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && at + 1 < e.size()
         && e.find_first_of(" \t\r\n") == std::string::npos && e.size() <= 254;
}

constexpr const char* bad_locale
  = "locale must be a language tag such as en-US";

struct decider {
  const cart_state& s;

  std::optional<domain_error> open() const {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (!s.order_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "The cart is already completed"};
    if (!s.checkout_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "The cart is being completed; it cannot change"};
    return std::nullopt;
  }

  // What a cart needs before checkout.
  std::optional<domain_error> completable() const {
    if (s.items.empty())
      return invalid("Cannot complete a cart with no items");
    if (!s.shipping)
      return invalid("The cart has no shipping method");
    if (!s.session)
      return invalid("Payment sessions are required to complete cart");
    return std::nullopt;
  }

  // The first line (or the shipping method) the catalog no longer sells as
  // the cart has it: the checkout is refused naming it, not placed at a
  // price or for a product the merchant withdrew.
  std::optional<domain_error> stale(const catalog::catalog_state& cat,
                                    std::int64_t at) const {
    for (auto& line : s.items) {
      auto name = line.variant_title.empty()
                    ? line.title
                    : line.title + " (" + line.variant_title + ")";
      auto [product, variant] = cat.find_variant(line.variant_id);
      if (!variant || product->status != "published")
        return invalid(name + " is no longer for sale (variant "
                       + line.variant_id + "); remove it from the cart");
      auto* price = catalog::price_in(*variant, s.currency_code);
      if (!price)
        return invalid(name + " has no price in " + s.currency_code
                       + " any more (variant " + line.variant_id
                       + "); remove it from the cart");
      if (price->amount != line.unit_price)
        return invalid("The price of " + name + " changed from "
                       + money(line.unit_price, s.currency_code) + " to "
                       + money(price->amount, s.currency_code) + " "
                       + s.currency_code + " (variant " + line.variant_id
                       + "); remove it and add it to the cart again");
    }
    // A code used up between cart and checkout is the workflow's to find
    // (promotion usage); here: it still exists, as applied, and applies.
    for (auto& p : s.promotions) {
      auto now = cat.promotions.find(p.id);
      if (now == cat.promotions.end())
        return invalid("The promotion code " + p.code
                       + " is no longer valid; remove it from the cart");
      // A new limit or end date is no reason to refuse; a new amount is.
      if (!catalog::promotions::same_terms(now->second, p))
        return invalid("The promotion code " + p.code
                       + " changed; apply it to the cart again");
      if (auto why = catalog::promotions::refusal(now->second, s.region_id,
                                                  s.currency_code, at))
        return invalid(*why + "; remove it from the cart");
    }
    if (s.shipping) {
      auto option = cat.shipping_options.find(s.shipping->option_id);
      if (option == cat.shipping_options.end()
          || option->second.region_id != s.region_id)
        return invalid("The shipping option " + s.shipping->name
                       + " is no longer offered; choose another one");
      if (option->second.amount != s.shipping->amount)
        return invalid("The shipping option " + s.shipping->name
                       + " changed from "
                       + money(s.shipping->amount, s.currency_code) + " to "
                       + money(option->second.amount, s.currency_code) + " "
                       + s.currency_code + "; choose it again");
    }
    return std::nullopt;
  }

  decision operator()(const create_cart& cmd) {
    if (s.exists)
      return domain_error{domain_errc::already_exists, "cart exists"};
    auto c = cmd;
    if (c.catalog) {
      auto* region = c.region_id.empty() && !c.catalog->regions.empty()
                       ? &c.catalog->regions.begin()->second
                       : c.catalog->find_region(c.region_id);
      if (!region)
        return invalid("Region with id: " + c.region_id + " was not found");
      c.region_id = region->id;
      c.currency_code = region->currency_code;
      c.tax_rate_bp = region->tax_rate_bp;
    }
    if (!c.email.empty() && !email_ok(c.email))
      return invalid("email must be an e-mail address");
    if (!locale_ok(c.locale))
      return invalid(bad_locale);
    return events{cart_created{c.region_id, c.currency_code, c.tax_rate_bp,
                               c.sales_channel_id, c.customer_id, c.email,
                               c.shipping_address, c.by, c.at, c.locale}};
  }
  // The move to region `region_id` with every line priced in its currency,
  // or why not.
  expected<cart_region_changed, domain_error>
  moved(const catalog::catalog_state& catalog, const std::string& region_id,
        const std::string& by, std::int64_t at) const {
    auto* region = catalog.find_region(region_id);
    if (!region)
      return invalid("Region with id: " + region_id + " was not found");
    cart_region_changed e{
      region->id, region->currency_code, region->tax_rate_bp, {}, by, at};
    for (auto& line : s.items) {
      auto [product, variant] = catalog.find_variant(line.variant_id);
      auto* price = variant ? catalog::price_in(*variant, region->currency_code)
                            : nullptr;
      if (!price)
        return invalid("Variants with IDs " + line.variant_id
                       + " do not have a price in " + region->currency_code
                       + "; remove them to move the cart to " + region->name);
      e.prices.push_back({line.id, price->amount});
    }
    return e;
  }
  // The promotions the cart holds after `c`, in order, one per promotion.
  // A code asked for now must exist and apply, or it is refused naming it;
  // a held one that no longer applies (deleted, ended, another region
  // after a move) is dropped, never refused: it cannot stop another change.
  expected<std::vector<catalog::promotion>, domain_error>
  promotions_after(const update_cart& c, const catalog::catalog_state& catalog,
                   const std::string& region,
                   const std::string& currency) const {
    using mode = update_cart::codes;
    auto listed = [&c](const std::string& code) {
      return c.promo_codes
             && std::any_of(c.promo_codes->begin(), c.promo_codes->end(),
                            [&](auto& x) { return iequals(x, code); });
    };
    std::vector<catalog::promotion> out;
    auto take = [&out](const catalog::promotion& p) {
      if (std::none_of(out.begin(), out.end(),
                       [&](auto& x) { return x.id == p.id; }))
        out.push_back(p);
    };
    auto keeps = [&](const catalog::promotion& held) {
      if (!c.promo_codes) // a move: every code that still applies
        return true;
      switch (c.promo_mode) {
      case mode::replace:
        return listed(held.code);
      case mode::add:
        return true;
      case mode::remove:
        return !listed(held.code);
      }
      return false;
    };
    for (auto& held : s.promotions) {
      if (!keeps(held))
        continue;
      auto now = catalog.promotions.find(held.id);
      if (now != catalog.promotions.end()
          && !catalog::promotions::refusal(now->second, region, currency, c.at))
        take(now->second);
    }
    if (c.promo_codes && c.promo_mode != mode::remove)
      for (auto& code : *c.promo_codes) {
        if (std::any_of(s.promotions.begin(), s.promotions.end(),
                        [&](auto& h) { return iequals(h.code, code); }))
          continue; // held: kept above if it still applies
        auto* p = catalog.find_promotion_code(code);
        if (!p)
          return invalid("The promotion code " + code + " is invalid");
        if (auto why = catalog::promotions::refusal(*p, region, currency, c.at))
          return invalid(*why);
        take(*p);
      }
    if (out.size() > max_promotions)
      return invalid("a cart takes at most " + std::to_string(max_promotions)
                     + " promotion codes");
    return out;
  }

  decision operator()(const update_cart& c) {
    if (auto no = open())
      return *no;
    if (c.email && !email_ok(*c.email))
      return invalid("email must be an e-mail address");
    if (c.locale && !locale_ok(*c.locale))
      return invalid(bad_locale);
    events out;
    auto region = s.region_id;
    auto currency = s.currency_code;
    if (c.region_id && *c.region_id != s.region_id) {
      if (!c.catalog)
        return invalid("no catalog to price the cart in its new region");
      auto e = moved(*c.catalog, *c.region_id, c.by, c.at);
      if (!e)
        return e.error();
      region = e->region_id;
      currency = e->currency_code;
      out.push_back(std::move(*e));
    }
    if (c.promo_codes && c.promo_codes->size() > max_promotions)
      return invalid("a cart takes at most " + std::to_string(max_promotions)
                     + " promotion codes");
    // New codes are checked; held ones a region change rules out go.
    if (c.promo_codes || (!out.empty() && !s.promotions.empty())) {
      if (!c.catalog)
        return invalid("no catalog to look the promotion codes up in");
      auto chosen = promotions_after(c, *c.catalog, region, currency);
      if (!chosen)
        return chosen.error();
      if (*chosen != s.promotions)
        out.push_back(cart_promotions_set{std::move(*chosen), c.by, c.at});
    }
    cart_details_updated e{
      c.email.value_or(s.email),
      c.shipping_address ? c.shipping_address : s.shipping_address,
      c.billing_address ? c.billing_address : s.billing_address,
      c.by,
      c.at,
      c.locale.value_or(s.locale)};
    if (e.email != s.email || e.shipping_address != s.shipping_address
        || e.billing_address != s.billing_address || e.locale != s.locale)
      out.push_back(std::move(e));
    return out;
  }
  decision operator()(const transfer_cart& c) {
    if (auto no = open())
      return *no;
    if (c.customer_id.empty())
      return invalid("a cart is transferred to a signed-in customer");
    if (s.customer_id == c.customer_id)
      return events{};
    // Another customer's cart: the access rule hides it before this, so
    // only a direct caller gets here.
    if (!s.customer_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "Cannot transfer cart to a different customer"};
    return events{
      cart_customer_transferred{c.customer_id, c.email, c.by, c.at}};
  }
  // `item` completed from `catalog` in the cart's currency, or why not.
  expected<line_item, domain_error>
  priced(const catalog::catalog_state& catalog, line_item item) const {
    auto [product, variant] = catalog.find_variant(item.variant_id);
    if (!variant || product->status != "published")
      return invalid("Variants " + item.variant_id
                     + " do not exist or belong to a product that is not "
                       "published");
    auto* price = catalog::price_in(*variant, s.currency_code);
    if (!price)
      return invalid("Variant " + item.variant_id + " has no price in "
                     + s.currency_code);
    item.product_id = product->id;
    item.title = product->title;
    item.variant_title = variant->title;
    item.sku = variant->sku;
    item.unit_price = price->amount;
    return item;
  }

  decision operator()(const add_line_item& cmd) {
    if (!s.exists)
      return open().value();
    // What is asked for is checked before whether the cart may change now.
    auto c = cmd;
    if (c.catalog) {
      auto item = priced(*c.catalog, c.item);
      if (!item)
        return item.error();
      c.item = std::move(*item);
    }
    if (auto no = open())
      return *no;
    if (c.item.quantity < 1 || c.item.quantity > max_quantity)
      return invalid("quantity must be between 1 and "
                     + std::to_string(max_quantity));
    if (c.item.unit_price < 0)
      return invalid("unit price must not be negative");
    if (auto* line = s.find_variant(c.item.variant_id)) {
      auto q = line->quantity + c.item.quantity;
      if (q > max_quantity)
        return invalid("quantity must be between 1 and "
                       + std::to_string(max_quantity));
      return events{line_item_quantity_changed{line->id, q, c.by, c.at}};
    }
    if (s.items.size() >= max_lines)
      return invalid("a cart holds at most " + std::to_string(max_lines)
                     + " lines");
    return events{line_item_added{c.item, c.by, c.at}};
  }
  decision operator()(const update_line_item& c) {
    if (auto no = open())
      return *no;
    auto* line = s.find_item(c.item_id);
    if (!line)
      return domain_error{domain_errc::not_found,
                          "Line item with id: " + c.item_id + " was not found"};
    if (c.quantity < 0 || c.quantity > max_quantity)
      return invalid("quantity must be between 0 and "
                     + std::to_string(max_quantity));
    if (c.quantity == 0)
      return events{line_item_removed{c.item_id, c.by, c.at}};
    if (c.quantity == line->quantity)
      return events{};
    return events{
      line_item_quantity_changed{c.item_id, c.quantity, c.by, c.at}};
  }
  decision operator()(const remove_line_item& c) {
    if (auto no = open())
      return *no;
    if (!s.find_item(c.item_id))
      return domain_error{domain_errc::not_found,
                          "Line item with id: " + c.item_id + " was not found"};
    return events{line_item_removed{c.item_id, c.by, c.at}};
  }
  decision operator()(const add_shipping_method& cmd) {
    if (!s.exists)
      return open().value();
    auto c = cmd;
    if (c.catalog) {
      auto option = c.catalog->shipping_options.find(c.method.option_id);
      if (option == c.catalog->shipping_options.end())
        return invalid("Shipping option with id: " + c.method.option_id
                       + " was not found");
      // Another region's option would charge its amount in this currency.
      if (option->second.region_id != s.region_id)
        return invalid("Shipping option with id: " + c.method.option_id
                       + " does not serve the cart's region");
      c.method.name = option->second.name;
      c.method.amount = option->second.amount;
    }
    if (auto no = open())
      return *no;
    if (c.method.amount < 0)
      return invalid("shipping amount must not be negative");
    return events{shipping_method_set{c.method, c.by, c.at}};
  }
  decision operator()(const create_payment_collection& c) {
    if (auto no = open())
      return *no;
    if (!s.payment_collection_id.empty())
      return events{}; // one per cart: the existing one is the answer
    return events{
      payment_collection_created{c.payment_collection_id, c.by, c.at}};
  }
  decision operator()(const create_payment_session& c) {
    if (auto no = open())
      return *no;
    if (s.payment_collection_id.empty())
      return invalid("the cart has no payment collection");
    if (c.provider_id != "pp_system_default")
      return invalid("unknown payment provider '" + c.provider_id + "'");
    return events{payment_session_created{c.payment_session_id, c.provider_id,
                                          totals(s).total, c.by, c.at}};
  }
  decision operator()(const begin_checkout& c) {
    if (!s.checkout_id.empty() && s.checkout_id == c.checkout_id)
      return events{}; // a retried step: it holds the lock already
    if (auto no = open())
      return *no;
    if (auto no = completable())
      return *no;
    if (!c.catalog)
      return invalid("no catalog to check the cart against");
    if (auto no = stale(*c.catalog, c.at))
      return *no;
    return events{checkout_started{c.checkout_id, c.by, c.at}};
  }
  decision operator()(const end_checkout& c) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (s.checkout_id != c.checkout_id)
      return events{};
    return events{checkout_ended{c.checkout_id, c.by, c.at}};
  }
  decision operator()(const complete_cart& c) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (s.order_id == c.order_id)
      return events{}; // completed before: same order
    if (!s.order_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "The cart is already completed"};
    if (auto no = completable())
      return *no;
    return events{cart_completed{c.order_id, c.by, c.at}};
  }
  decision operator()(const get_cart&) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    return events{};
  }
};

} // namespace

bool locale_ok(const std::string& l) {
  if (l.size() > 35)
    return false;
  for (char ch : l)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-')
      return false;
  return l.empty() || std::isalpha(static_cast<unsigned char>(l[0]));
}

decision decide(const cart_state& state, const cart_command& cmd) {
  return std::visit(decider{state}, cmd);
}

} // namespace souk::cart
