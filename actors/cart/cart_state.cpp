#include "actors/cart/cart_state.hpp"

#include "actors/cart/cart_promotions.hpp"

#include <algorithm>

namespace souk::cart {

namespace {

struct folder {
  cart_state& s;

  void operator()(const cart_created& e) {
    s.exists = true;
    s.region_id = e.region_id;
    s.currency_code = e.currency_code;
    s.tax_rate_bp = e.tax_rate_bp;
    s.sales_channel_id = e.sales_channel_id;
    s.customer_id = e.customer_id;
    s.email = e.email;
    s.shipping_address = e.shipping_address;
    s.locale = e.locale;
    s.created_at = e.at;
  }
  void operator()(const cart_details_updated& e) {
    s.email = e.email;
    s.locale = e.locale;
    s.shipping_address = e.shipping_address;
    s.billing_address = e.billing_address;
  }
  void operator()(const line_item_added& e) { s.items.push_back(e.item); }
  void operator()(const line_item_quantity_changed& e) {
    for (auto& i : s.items)
      if (i.id == e.item_id)
        i.quantity = e.quantity;
  }
  void operator()(const line_item_removed& e) {
    std::erase_if(s.items,
                  [&](const line_item& i) { return i.id == e.item_id; });
  }
  void operator()(const shipping_method_set& e) { s.shipping = e.method; }
  void operator()(const payment_collection_created& e) {
    s.payment_collection_id = e.payment_collection_id;
  }
  void operator()(const payment_session_created& e) {
    s.session = payment_session{e.payment_session_id, e.provider_id, e.amount};
  }
  void operator()(const checkout_started& e) { s.checkout_id = e.checkout_id; }
  void operator()(const checkout_ended&) { s.checkout_id.clear(); }
  void operator()(const cart_region_changed& e) {
    s.region_id = e.region_id;
    s.currency_code = e.currency_code;
    s.tax_rate_bp = e.tax_rate_bp;
    for (auto& p : e.prices)
      for (auto& i : s.items)
        if (i.id == p.item_id)
          i.unit_price = p.unit_price;
    s.shipping.reset();
    s.session.reset();
  }
  void operator()(const cart_promotions_set& e) { s.promotions = e.promotions; }
  void operator()(const cart_customer_transferred& e) {
    s.customer_id = e.customer_id;
    s.email = e.email;
  }
  void operator()(const cart_completed& e) {
    s.checkout_id.clear();
    s.order_id = e.order_id;
    s.completed_at = e.at;
  }
};

} // namespace

std::int64_t tax_of(std::int64_t amount, std::int64_t rate_bp) {
  return (amount * rate_bp + 5000) / 10000; // half up, amounts >= 0
}

const line_item* cart_state::find_item(const std::string& item_id) const {
  for (auto& i : items)
    if (i.id == item_id)
      return &i;
  return nullptr;
}

const line_item* cart_state::find_variant(const std::string& variant_id) const {
  for (auto& i : items)
    if (i.variant_id == variant_id)
      return &i;
  return nullptr;
}

cart_state evolve(cart_state s, const cart_event& e) {
  std::visit(folder{s}, e);
  ++s.version;
  s.updated_at = std::visit([](auto& ev) { return ev.at; }, e);
  return s;
}

cart_totals totals(const cart_state& s) {
  cart_totals t;
  auto off = adjustments(s);
  for (auto& i : s.items) {
    line_totals l;
    l.subtotal = i.unit_price * i.quantity;
    for (auto& a : off)
      if (a.item_id == i.id)
        l.discount += a.amount;
    l.tax = tax_of(l.subtotal - l.discount, s.tax_rate_bp);
    l.tax_saved = tax_of(l.subtotal, s.tax_rate_bp) - l.tax;
    t.item_subtotal += l.subtotal;
    t.discount_subtotal += l.discount;
    t.item_tax_total += l.tax;
    t.discount_tax_total += l.tax_saved;
    t.lines.push_back(l);
  }
  t.discount_total = t.discount_subtotal + t.discount_tax_total;
  if (s.shipping) {
    t.shipping_subtotal = s.shipping->amount;
    t.shipping_tax_total = tax_of(s.shipping->amount, s.tax_rate_bp);
  }
  t.subtotal = t.item_subtotal + t.shipping_subtotal;
  t.tax_total = t.item_tax_total + t.shipping_tax_total;
  t.total = t.subtotal - t.discount_subtotal + t.tax_total;
  return t;
}

} // namespace souk::cart
