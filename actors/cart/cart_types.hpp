#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace souk::cart {

struct address {
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string address_1;
  std::string address_2;
  std::string city;
  std::string province;
  std::string postal_code;
  /// ISO 3166-1 alpha-2, lower case.
  std::string country_code;
  std::string phone;

  friend bool operator==(const address&, const address&) = default;
};

/// A line: a variant, its quantity and its price when added (minor units).
struct line_item {
  std::string id;
  std::string variant_id;
  std::string product_id;
  std::string title;
  std::string variant_title;
  std::string sku;
  std::int64_t unit_price = 0;
  std::int64_t quantity = 0;

  friend bool operator==(const line_item&, const line_item&) = default;
};

struct shipping_method {
  std::string id;
  std::string option_id;
  std::string name;
  std::int64_t amount = 0;

  friend bool operator==(const shipping_method&, const shipping_method&)
    = default;
};

/// One line's part of the totals.
struct line_totals {
  std::int64_t subtotal = 0;  // unit price × quantity
  std::int64_t discount = 0;  // what the promotions take off, before tax
  std::int64_t tax = 0;       // on subtotal - discount
  std::int64_t tax_saved = 0; // the tax the discount saves
};

/// What a cart costs, recomputed from its lines on every change.
struct cart_totals {
  /// By line, in the cart's order.
  std::vector<line_totals> lines;
  std::int64_t item_subtotal = 0;
  std::int64_t item_tax_total = 0;
  std::int64_t shipping_subtotal = 0;
  std::int64_t shipping_tax_total = 0;
  std::int64_t subtotal = 0; // items + shipping, before discounts and tax
  /// What the promotions take off the items, before tax; the tax that
  /// saves; both.
  std::int64_t discount_subtotal = 0;
  std::int64_t discount_tax_total = 0;
  std::int64_t discount_total = 0;
  std::int64_t tax_total = 0; // on the discounted amounts
  std::int64_t total = 0;
};

} // namespace souk::cart
