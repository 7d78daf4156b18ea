// Stored events are forever: every event type and snapshot schema souk has
// ever written has a fixed payload in tests/data/events (written once by
// the encoders of the time, never regenerated), and today's decoders must
// still read each of them to the value written out here field by field. A
// field renamed in both the encoder and the decoder passes a round trip but
// fails here. See docs/event-store.md, "Stored events are forever".
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "actors/cart/cart_events.hpp"
#include "actors/catalog/catalog_events.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/order/order_codec.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/order/order_snapshot.hpp"
#include "actors/promotion/promotion_usage.hpp"
#include "actors/ticket/ticket_codec.hpp"
#include "actors/ticket/ticket_snapshot.hpp"
#include "actors/workflows/execution_events.hpp"

namespace souk {
namespace {

namespace fs = std::filesystem;

// -- reading fixtures --------------------------------------------------------

const fs::path fixture_root{SOUK_EVENT_FIXTURES};

/// The persisted name a fixture holds: its file name up to the version,
/// "order.placed.v1.without-checkout.json" → "order.placed.v1"; "" when the
/// name has no version.
std::string type_of(const std::string& file_name) {
  for (auto dot = file_name.find(".v"); dot != std::string::npos;
       dot = file_name.find(".v", dot + 1)) {
    auto end = dot + 2;
    while (end < file_name.size()
           && std::isdigit(static_cast<unsigned char>(file_name[end])))
      ++end;
    if (end > dot + 2 && end < file_name.size() && file_name[end] == '.')
      return file_name.substr(0, end);
  }
  return {};
}

std::string read_fixture(const std::string& file) {
  std::ifstream in{fixture_root / file, std::ios::binary};
  if (!in) {
    ADD_FAILURE() << "no fixture " << (fixture_root / file);
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// `file` decoded by `codec` as a stored row of the fixture's type, if it
/// decodes to an `Alt`.
template <class Alt, class Event>
std::optional<Alt> decode_event(const event_codec<Event>& codec,
                                const std::string& file) {
  recorded_event ev;
  ev.stream_id = "fixture-" + file;
  ev.version = 1;
  ev.type = type_of(fs::path{file}.filename().string());
  ev.data = read_fixture(file);
  auto decoded = codec.decode(ev);
  if (!decoded) {
    ADD_FAILURE() << decoded.error().message;
    return std::nullopt;
  }
  auto* alt = std::get_if<Alt>(&*decoded);
  if (!alt) {
    ADD_FAILURE() << file << " decodes to another event";
    return std::nullopt;
  }
  return *alt;
}

/// `file` read by a snapshot decoder.
template <class Decode>
auto decode_snapshot(Decode decode, const std::string& file) {
  auto decoded = decode(read_fixture(file));
  if (!decoded)
    ADD_FAILURE() << file << " is no longer a readable snapshot";
  return decoded;
}

// -- the values the fixtures hold --------------------------------------------

constexpr const char* cart_id = "cart_01KB0Z3M8Q4T6V2X9C5N7R1H3D";
constexpr const char* order_id = "order_01KB0Z5F2W7Y9A3C6E8G1J4K6M";
constexpr const char* customer_id = "cus_01KB0YXR4P6S8U1W3Y5A7C9E2G";
constexpr const char* region_id = "reg_01KAZK3C5E7G9J2K4M6N8P1R3S";
constexpr const char* channel_id = "sc_01KAZK3A1B3D5F7H9J2K4M6N8P";
constexpr const char* by_customer = "customer:cus_01KB0YXR4P6S8U1W3Y5A7C9E2G";
constexpr const char* by_admin = "user:user_01KAZK2B4D6F8H1J3K5M7N9P2Q";
constexpr const char* by_checkout = "workflow:complete-cart";
constexpr const char* line_1 = "cali_01KB0Z4A2C4E6G8J1K3M5N7P9Q";
constexpr const char* line_2 = "cali_01KB0Z4B3D5F7H9K2M4N6P8R1S";
constexpr const char* variant_8oz = "variant_01KAZK5G9J2K4M6N8P1R3S5T7V";
constexpr const char* variant_12oz = "variant_01KAZK5H1K3M5N7P9Q2R4S6T8W";
constexpr const char* cup_8oz = "Coffee cup \"Morning\" (8 oz / White)";
constexpr const char* payment_id = "pay_01KB0Z5F2W7Y9A3C6E8G1J4K6M";
constexpr const char* tracking = "DHL-00340434161094042557";

/// The address of the Berlin fixtures, as the cart stores it.
constexpr const char* berlin_json
  = R"({"first_name":"Ada","last_name":"Lovelace",)"
    R"("company":"Analytical Engines GmbH","address_1":"Torstraße 109",)"
    R"("address_2":"Hinterhaus, 3. OG","city":"Berlin","province":"Berlin",)"
    R"("postal_code":"10119","country_code":"de","phone":"+49 30 1234567"})";

void expect_berlin(const std::optional<cart::address>& a,
                   const std::string& address_1 = "Torstraße 109",
                   const std::string& company = "Analytical Engines GmbH",
                   const std::string& address_2 = "Hinterhaus, 3. OG",
                   const std::string& postal_code = "10119") {
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->first_name, "Ada");
  EXPECT_EQ(a->last_name, "Lovelace");
  EXPECT_EQ(a->company, company);
  EXPECT_EQ(a->address_1, address_1);
  EXPECT_EQ(a->address_2, address_2);
  EXPECT_EQ(a->city, "Berlin");
  EXPECT_EQ(a->province, "Berlin");
  EXPECT_EQ(a->postal_code, postal_code);
  EXPECT_EQ(a->country_code, "de");
  EXPECT_EQ(a->phone, "+49 30 1234567");
}

void expect_line(const order::order_line& l, const std::string& line_id,
                 const std::string& variant_id, const std::string& title,
                 std::int64_t quantity, std::int64_t unit_price) {
  EXPECT_EQ(l.line_id, line_id);
  EXPECT_EQ(l.variant_id, variant_id);
  EXPECT_EQ(l.title, title);
  EXPECT_EQ(l.quantity, quantity);
  EXPECT_EQ(l.unit_price, unit_price);
}

/// The two lines of the order placed by the Berlin checkout.
void expect_berlin_lines(const std::vector<order::order_line>& items) {
  ASSERT_EQ(items.size(), 2u);
  expect_line(items[0], line_1, variant_8oz, cup_8oz, 2, 2495);
  expect_line(items[1], line_2, "variant_01KAZK5J2M4N6P8Q1R3S5T7V9W", "Saucer",
              1, 1290);
}

/// The Berlin checkout; `shipping_tax_total` is absent (0) in old events.
void expect_berlin_checkout(const order::checkout_details& c,
                            std::int64_t shipping_tax_total) {
  EXPECT_EQ(c.cart_id, cart_id);
  EXPECT_EQ(c.email, "ada@example.com");
  EXPECT_EQ(c.region_id, region_id);
  EXPECT_EQ(c.sales_channel_id, channel_id);
  EXPECT_EQ(c.display_id, 3);
  EXPECT_EQ(c.shipping_method, "Standard shipping");
  EXPECT_EQ(c.shipping_total, 495);
  EXPECT_EQ(c.tax_total, 1287);
  EXPECT_EQ(c.shipping_address, berlin_json);
  EXPECT_EQ(c.shipping_tax_total, shipping_tax_total);
}

/// An order placed without a storefront checkout: every field empty.
void expect_no_checkout(const order::checkout_details& c) {
  EXPECT_EQ(c.cart_id, "");
  EXPECT_EQ(c.email, "");
  EXPECT_EQ(c.region_id, "");
  EXPECT_EQ(c.sales_channel_id, "");
  EXPECT_EQ(c.display_id, 0);
  EXPECT_EQ(c.shipping_method, "");
  EXPECT_EQ(c.shipping_total, 0);
  EXPECT_EQ(c.tax_total, 0);
  EXPECT_EQ(c.shipping_address, "null");
  EXPECT_EQ(c.shipping_tax_total, 0);
}

void expect_change(const order::status_change& h, order::order_status from,
                   order::order_status to, const std::string& by,
                   std::int64_t at) {
  EXPECT_EQ(h.from, from);
  EXPECT_EQ(h.to, to);
  EXPECT_EQ(h.by, by);
  EXPECT_EQ(h.at, at);
}

void expect_region(const catalog::region& r, const std::string& name,
                   std::int64_t tax_rate_bp,
                   const std::vector<std::string>& countries) {
  EXPECT_EQ(r.id, region_id);
  EXPECT_EQ(r.name, name);
  EXPECT_EQ(r.currency_code, "eur");
  EXPECT_EQ(r.tax_rate_bp, tax_rate_bp);
  EXPECT_EQ(r.countries, countries);
  EXPECT_EQ(r.created_at, 1764100000123);
  EXPECT_EQ(r.updated_at, 0); // kept by evolve, not stored
}

void expect_price(const catalog::price& p, const std::string& currency,
                  std::int64_t amount) {
  EXPECT_EQ(p.currency_code, currency);
  EXPECT_EQ(p.amount, amount);
}

void expect_shipping_option(const catalog::shipping_option& o,
                            const std::string& name, std::int64_t amount) {
  EXPECT_EQ(o.id, "so_01KAZK4D6F8H1J3K5M7N9P2Q4R");
  EXPECT_EQ(o.name, name);
  EXPECT_EQ(o.region_id, region_id);
  EXPECT_EQ(o.amount, amount);
  EXPECT_EQ(o.created_at, 1764100050500);
}

void expect_note(const ticket::ticket_note& n, const std::string& id,
                 const std::string& text, bool internal, const std::string& by,
                 std::int64_t at) {
  EXPECT_EQ(n.note_id, id);
  EXPECT_EQ(n.text, text);
  EXPECT_EQ(n.internal, internal);
  EXPECT_EQ(n.by, by);
  EXPECT_EQ(n.at, at);
}

void expect_move(const ticket::ticket_moved& m, ticket::ticket_status from,
                 ticket::ticket_status to, const std::string& by,
                 std::int64_t at) {
  EXPECT_EQ(m.from, from);
  EXPECT_EQ(m.to, to);
  EXPECT_EQ(m.by, by);
  EXPECT_EQ(m.at, at);
}

// -- cart --------------------------------------------------------------------

void cart_created_v1(const std::string& file) {
  auto e = decode_event<cart::cart_created>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->region_id, region_id);
  EXPECT_EQ(e->currency_code, "eur");
  EXPECT_EQ(e->tax_rate_bp, 1900);
  EXPECT_EQ(e->sales_channel_id, channel_id);
  EXPECT_EQ(e->customer_id, "");
  EXPECT_EQ(e->email, "");
  EXPECT_FALSE(e->shipping_address.has_value());
  EXPECT_EQ(e->by, "store");
  EXPECT_EQ(e->at, 1764190812345);
}

void cart_created_v1_with_address(const std::string& file) {
  auto e = decode_event<cart::cart_created>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->region_id, region_id);
  EXPECT_EQ(e->currency_code, "eur");
  EXPECT_EQ(e->tax_rate_bp, 1900);
  EXPECT_EQ(e->sales_channel_id, channel_id);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->email, "ada@example.com");
  expect_berlin(e->shipping_address);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190812346);
}

void cart_details_updated_v1(const std::string& file) {
  auto e = decode_event<cart::cart_details_updated>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->email, "ada@example.com");
  expect_berlin(e->shipping_address);
  expect_berlin(e->billing_address, "Invalidenstraße 43", "", "", "10115");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190843210);
}

void cart_details_updated_v1_with_locale(const std::string& file) {
  cart_details_updated_v1(file);
  auto e = decode_event<cart::cart_details_updated>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->locale, "de-DE");
}

void cart_region_changed_v1(const std::string& file) {
  auto e = decode_event<cart::cart_region_changed>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->region_id, "reg_01KC2C4E6G8J1K3M5N7P9Q2R4S");
  EXPECT_EQ(e->currency_code, "usd");
  EXPECT_EQ(e->tax_rate_bp, 0);
  EXPECT_EQ(e->prices,
            (std::vector<cart::line_price>{{line_1, 1299}, {line_2, 1599}}));
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190850000);
}

void cart_customer_transferred_v1(const std::string& file) {
  auto e = decode_event<cart::cart_customer_transferred>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->email, "ada@example.com");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190860000);
}

void cart_details_updated_v1_without_billing(const std::string& file) {
  auto e = decode_event<cart::cart_details_updated>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->email, "ada.lovelace@example.org");
  expect_berlin(e->shipping_address);
  EXPECT_FALSE(e->billing_address.has_value());
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190843999);
}

void cart_line_item_added_v1(const std::string& file) {
  auto e = decode_event<cart::line_item_added>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item.id, line_1);
  EXPECT_EQ(e->item.variant_id, variant_8oz);
  EXPECT_EQ(e->item.product_id, "prod_01KAZK5E7G9J2K4M6N8P1R3S5T");
  EXPECT_EQ(e->item.title, "Coffee cup \"Morning\"");
  EXPECT_EQ(e->item.variant_title, "8 oz / White");
  EXPECT_EQ(e->item.sku, "CUP-8OZ-WHT");
  EXPECT_EQ(e->item.unit_price, 2495);
  EXPECT_EQ(e->item.quantity, 2);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190821004);
}

void cart_line_item_quantity_changed_v1(const std::string& file) {
  auto e = decode_event<cart::line_item_quantity_changed>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, line_1);
  EXPECT_EQ(e->quantity, 3);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190825117);
}

void cart_line_item_removed_v1(const std::string& file) {
  auto e = decode_event<cart::line_item_removed>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->item_id, line_2);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190829876);
}

void cart_shipping_method_set_v1(const std::string& file) {
  auto e = decode_event<cart::shipping_method_set>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->method.id, "casm_01KB0Z4C4E6G8J1K3M5N7P9Q2R");
  EXPECT_EQ(e->method.option_id, "so_01KAZK4D6F8H1J3K5M7N9P2Q4R");
  EXPECT_EQ(e->method.name, "Standard shipping");
  EXPECT_EQ(e->method.amount, 495);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190851230);
}

void cart_payment_collection_created_v1(const std::string& file) {
  auto e = decode_event<cart::payment_collection_created>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payment_collection_id, "pay_col_01KB0Z3M8Q4T6V2X9C5N7R1H3D");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190860001);
}

void cart_payment_session_created_v1(const std::string& file) {
  auto e = decode_event<cart::payment_session_created>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payment_session_id, "payses_01KB0Z4D5F7H9K2M4N6P8R1S3T");
  EXPECT_EQ(e->provider_id, "pp_system_default");
  EXPECT_EQ(e->amount, 8062);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190860452);
}

void cart_checkout_started_v1(const std::string& file) {
  auto e = decode_event<cart::checkout_started>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->checkout_id, std::string{"complete-cart:"} + cart_id + ":v9");
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190871337);
}

void cart_checkout_ended_v1(const std::string& file) {
  auto e = decode_event<cart::checkout_ended>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->checkout_id, std::string{"complete-cart:"} + cart_id + ":v9");
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190871902);
}

void cart_completed_v1(const std::string& file) {
  auto e = decode_event<cart::cart_completed>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->order_id, order_id);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190872555);
}

// -- catalog -----------------------------------------------------------------

void catalog_region_created_v1(const std::string& file) {
  auto e = decode_event<catalog::region_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  expect_region(e->region, "Germany and Austria", 1900, {"de", "at"});
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100000123);
}

void catalog_region_updated_v1(const std::string& file) {
  auto e = decode_event<catalog::region_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  expect_region(e->region, "DACH", 2000, {"de", "at", "ch"});
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100456789);
}

void catalog_region_deleted_v1(const std::string& file) {
  auto e = decode_event<catalog::region_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->region_id, "reg_01KAZK9X1Y3Z5A7B9C2D4E6F8G");
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100999001);
}

void catalog_product_created_v1(const std::string& file) {
  auto e = decode_event<catalog::product_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  auto& p = e->product;
  EXPECT_EQ(p.id, "prod_01KAZK5E7G9J2K4M6N8P1R3S5T");
  EXPECT_EQ(p.title, "Coffee cup \"Morning\"");
  EXPECT_EQ(p.handle, "coffee-cup-morning");
  EXPECT_EQ(p.subtitle, "Stoneware, dishwasher safe");
  EXPECT_EQ(p.description, "Hand-glazed stoneware.\nHolds 8 or 12 oz.");
  EXPECT_EQ(p.status, "published");
  ASSERT_EQ(p.options.size(), 2u);
  EXPECT_EQ(p.options[0].id, "opt_01KAZK5F8H1J3K5M7N9P2Q4R6S");
  EXPECT_EQ(p.options[0].title, "Size");
  EXPECT_EQ(p.options[0].values, (std::vector<std::string>{"8 oz", "12 oz"}));
  EXPECT_EQ(p.options[1].id, "opt_01KAZK5F9J2K4M6N8P1R3S5T7V");
  EXPECT_EQ(p.options[1].title, "Colour");
  EXPECT_EQ(p.options[1].values, (std::vector<std::string>{"White"}));
  ASSERT_EQ(p.variants.size(), 2u);
  auto& v8 = p.variants[0];
  EXPECT_EQ(v8.id, variant_8oz);
  EXPECT_EQ(v8.title, "8 oz / White");
  EXPECT_EQ(v8.sku, "CUP-8OZ-WHT");
  EXPECT_TRUE(v8.manage_inventory);
  ASSERT_EQ(v8.prices.size(), 2u);
  expect_price(v8.prices[0], "eur", 2495);
  expect_price(v8.prices[1], "usd", 2700);
  EXPECT_EQ(v8.options, (std::map<std::string, std::string>{{"Colour", "White"},
                                                            {"Size", "8 oz"}}));
  auto& v12 = p.variants[1];
  EXPECT_EQ(v12.id, variant_12oz);
  EXPECT_EQ(v12.title, "12 oz / White");
  EXPECT_EQ(v12.sku, "CUP-12OZ-WHT");
  EXPECT_FALSE(v12.manage_inventory);
  ASSERT_EQ(v12.prices.size(), 1u);
  expect_price(v12.prices[0], "eur", 2995);
  EXPECT_EQ(v12.options, (std::map<std::string, std::string>{
                           {"Colour", "White"}, {"Size", "12 oz"}}));
  EXPECT_EQ(p.created_at, 1764100100250);
  EXPECT_EQ(p.updated_at, 1764100100250);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100100250);
}

void catalog_product_updated_v1(const std::string& file) {
  auto e = decode_event<catalog::product_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  auto& p = e->product;
  EXPECT_EQ(p.id, "prod_01KAZK5E7G9J2K4M6N8P1R3S5T");
  EXPECT_EQ(p.title, "Coffee cup \"Morning\"");
  EXPECT_EQ(p.handle, "coffee-cup-morning");
  EXPECT_EQ(p.subtitle, "");
  EXPECT_EQ(p.description, "Hand-glazed stoneware.\nHolds 8 or 12 oz.");
  EXPECT_EQ(p.status, "draft");
  ASSERT_EQ(p.options.size(), 2u);
  EXPECT_EQ(p.options[0].title, "Size");
  EXPECT_EQ(p.options[1].title, "Colour");
  ASSERT_EQ(p.variants.size(), 1u);
  auto& v8 = p.variants[0];
  EXPECT_EQ(v8.id, variant_8oz);
  EXPECT_EQ(v8.title, "8 oz / White");
  EXPECT_EQ(v8.sku, "CUP-8OZ-WHT");
  EXPECT_TRUE(v8.manage_inventory);
  ASSERT_EQ(v8.prices.size(), 1u);
  expect_price(v8.prices[0], "eur", 2295);
  EXPECT_EQ(v8.options, (std::map<std::string, std::string>{{"Colour", "White"},
                                                            {"Size", "8 oz"}}));
  EXPECT_EQ(p.created_at, 1764100100250);
  EXPECT_EQ(p.updated_at, 1764103300777);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764103300777);
}

// Products written before collections and categories are in none.
void catalog_product_updated_v1_before_groups(const std::string& file) {
  catalog_product_updated_v1(file);
  auto e = decode_event<catalog::product_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->product.collection_id, "");
  EXPECT_TRUE(e->product.category_ids.empty());
}

constexpr const char* collection_id = "pcol_01KC2A1B3D5F7H9J2K4M6N8P1R";
constexpr const char* boxes_id = "pcat_01KC2B2C4E6G8J1K3M5N7P9Q2R";
constexpr const char* pizza_boxes_id = "pcat_01KC2B3D5F7H9K2M4N6P8R1S3T";

void catalog_product_updated_v1_with_groups(const std::string& file) {
  catalog_product_updated_v1(file);
  auto e = decode_event<catalog::product_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->product.collection_id, collection_id);
  EXPECT_EQ(e->product.category_ids,
            (std::vector<std::string>{boxes_id, pizza_boxes_id}));
}

void catalog_collection_created_v1(const std::string& file) {
  auto e = decode_event<catalog::collection_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->collection,
            (catalog::collection{collection_id, "Summer 2026", "summer-2026",
                                 1764300000000, 1764300000000}));
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300000000);
}

void catalog_collection_updated_v1(const std::string& file) {
  auto e = decode_event<catalog::collection_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->collection,
            (catalog::collection{collection_id, "Summer '26", "summer-26",
                                 1764300000000, 1764300100000}));
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300100000);
}

void catalog_collection_deleted_v1(const std::string& file) {
  auto e = decode_event<catalog::collection_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->collection_id, collection_id);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300200000);
}

void catalog_category_created_v1(const std::string& file) {
  auto e = decode_event<catalog::category_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category,
            (catalog::category{boxes_id, "Folding boxes", "folding-boxes",
                               "Flat-packed, printed inside and out", "", 0,
                               true, false, 1764300300000, 1764300300000}));
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300300000);
}

void catalog_category_updated_v1(const std::string& file) {
  auto e = decode_event<catalog::category_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category,
            (catalog::category{pizza_boxes_id, "Pizza boxes", "pizza-boxes", "",
                               boxes_id, 1, false, true, 1764300310000,
                               1764300400000}));
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300400000);
}

void catalog_category_deleted_v1(const std::string& file) {
  auto e = decode_event<catalog::category_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->category_id, pizza_boxes_id);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300500000);
}

catalog::promotion welcome10() {
  catalog::promotion p;
  p.id = "promo_01KC3D5F7H9K2M4N6P8R1S3T5V";
  p.code = "WELCOME10";
  p.value = 1000;
  p.region_ids = {region_id};
  p.starts_at = 1764300000000;
  p.ends_at = 1767225600000;
  p.usage_limit = 100;
  p.created_at = p.updated_at = 1764300600000;
  return p; // active, percentage, order, across, no currency
}

void catalog_promotion_created_v1(const std::string& file) {
  auto e = decode_event<catalog::promotion_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->promotion, welcome10());
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300600000);
}

void catalog_promotion_updated_v1(const std::string& file) {
  auto e = decode_event<catalog::promotion_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  auto& p = e->promotion;
  EXPECT_EQ(p.id, "promo_01KC3D6G8J1K3M5N7P9Q2R4S6T");
  EXPECT_EQ(p.code, "PIZZA-5");
  EXPECT_EQ(p.status, "inactive");
  EXPECT_EQ(p.method, "fixed");
  EXPECT_EQ(p.target, "items");
  EXPECT_EQ(p.allocation, "each");
  EXPECT_EQ(p.value, 500);
  EXPECT_EQ(p.currency_code, "eur");
  EXPECT_EQ(p.product_ids,
            std::vector<std::string>{"prod_01KAZK5E7G9J2K4M6N8P1R3S5T"});
  EXPECT_TRUE(p.region_ids.empty());
  EXPECT_EQ(p.starts_at, 0);
  EXPECT_EQ(p.ends_at, 0);
  EXPECT_EQ(p.usage_limit, 0);
  EXPECT_EQ(p.created_at, 1764300600000);
  EXPECT_EQ(p.updated_at, 1764300700000);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300700000);
}

void catalog_promotion_deleted_v1(const std::string& file) {
  auto e = decode_event<catalog::promotion_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->promotion_id, "promo_01KC3D6G8J1K3M5N7P9Q2R4S6T");
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764300800000);
}

void cart_promotions_set_v1(const std::string& file) {
  auto e = decode_event<cart::cart_promotions_set>(cart::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->promotions, std::vector<catalog::promotion>{welcome10()});
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764300900000);
}

void promotion_used_v1(const std::string& file) {
  auto e = decode_event<promotion::used>(promotion::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->order_id, order_id);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764301000000);
}

void promotion_use_released_v1(const std::string& file) {
  auto e = decode_event<promotion::use_released>(promotion::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->order_id, order_id);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764301000500);
}

void catalog_product_deleted_v1(const std::string& file) {
  auto e = decode_event<catalog::product_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->product_id, "prod_01KAZKAB3C5D7E9F1G3H5J7K9M");
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764104400404);
}

void catalog_shipping_option_created_v1(const std::string& file) {
  auto e
    = decode_event<catalog::shipping_option_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  expect_shipping_option(e->option, "Standard shipping", 495);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100050500);
}

void catalog_shipping_option_updated_v1(const std::string& file) {
  auto e
    = decode_event<catalog::shipping_option_updated>(catalog::codec(), file);
  ASSERT_TRUE(e);
  expect_shipping_option(e->option, "Standard shipping (2-4 days)", 590);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764105500505);
}

void catalog_shipping_option_deleted_v1(const std::string& file) {
  auto e
    = decode_event<catalog::shipping_option_deleted>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->option_id, "so_01KAZKCD5E7F9G1H3J5K7M9N2P");
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764106600606);
}

void catalog_publishable_key_created_v1(const std::string& file) {
  auto e
    = decode_event<catalog::publishable_key_created>(catalog::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->key.token, "pk_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e");
  EXPECT_EQ(e->key.sales_channel_id, channel_id);
  EXPECT_EQ(e->key.title, "Webshop");
  EXPECT_EQ(e->by, "system:seed");
  EXPECT_EQ(e->at, 1764100000001);
}

// -- inventory ---------------------------------------------------------------

const std::string reservation_1 = std::string{order_id} + ":" + line_1;
const std::string reservation_2 = std::string{order_id} + ":" + line_2;

void inventory_stock_set_v1(const std::string& file) {
  auto e = decode_event<inventory::stock_set>(inventory::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->quantity, 120);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764100200200);
}

void inventory_units_reserved_v1(const std::string& file) {
  auto e = decode_event<inventory::units_reserved>(inventory::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reservation_id, reservation_1);
  EXPECT_EQ(e->quantity, 3);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190871555);
}

void inventory_reservation_released_v1(const std::string& file) {
  auto e
    = decode_event<inventory::reservation_released>(inventory::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reservation_id, reservation_2);
  EXPECT_EQ(e->by, "workflow:order-stock");
  EXPECT_EQ(e->at, 1764190990990);
}

void inventory_reservation_consumed_v1(const std::string& file) {
  auto e
    = decode_event<inventory::reservation_consumed>(inventory::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reservation_id, reservation_1);
  EXPECT_EQ(e->quantity, 3);
  EXPECT_EQ(e->by, "workflow:order-stock");
  EXPECT_EQ(e->at, 1764277200300);
}

void inventory_state_v1(const std::string& file) {
  auto s = decode_snapshot(inventory::decode_state, file);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version, 14);
  EXPECT_EQ(s->stocked, 117);
  EXPECT_EQ(s->reserved, 5);
  EXPECT_EQ(
    s->reservations,
    (std::map<std::string, std::int64_t>{
      {reservation_1, 3},
      {"order_01KB1A2B3C4D5E6F7G8H9J0K1M:cali_01KB1A1Z9Y8X7W6V5T4S3R2Q", 2}}));
}

// -- order -------------------------------------------------------------------

void order_placed_v1(const std::string& file) {
  auto e = decode_event<order::order_placed>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->currency_code, "eur");
  expect_berlin_lines(e->items);
  EXPECT_EQ(e->total, 8062);
  expect_berlin_checkout(e->checkout, 94);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190872001);
}

// Written before the checkout's tax was split into items and shipping.
void order_placed_v1_without_shipping_tax_total(const std::string& file) {
  auto e = decode_event<order::order_placed>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->currency_code, "eur");
  expect_berlin_lines(e->items);
  EXPECT_EQ(e->total, 8062);
  expect_berlin_checkout(e->checkout, 0);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190872001);
}

// Written before orders carried their checkout.
void order_placed_v1_without_checkout(const std::string& file) {
  auto e = decode_event<order::order_placed>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->customer_id, "cus_01KAYQ1W3E5R7T9Y2U4I6O8P0A");
  EXPECT_EQ(e->currency_code, "eur");
  ASSERT_EQ(e->items.size(), 1u);
  expect_line(e->items[0], "line_1", variant_12oz,
              "Coffee cup \"Morning\" (12 oz / White)", 1, 2995);
  EXPECT_EQ(e->total, 2995);
  expect_no_checkout(e->checkout);
  EXPECT_EQ(e->by, "customer:cus_01KAYQ1W3E5R7T9Y2U4I6O8P0A");
  EXPECT_EQ(e->at, 1763000000500);
}

void order_payment_authorized_v1(const std::string& file) {
  auto e = decode_event<order::payment_authorized>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payment_id, payment_id);
  EXPECT_EQ(e->amount, 8062);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190872002);
}

void order_payment_captured_v1(const std::string& file) {
  auto e = decode_event<order::payment_captured>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->amount, 8062);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764194400123);
}

void order_fulfilled_v1(const std::string& file) {
  auto e = decode_event<order::order_fulfilled>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764262800456);
}

void order_shipped_v1(const std::string& file) {
  auto e = decode_event<order::order_shipped>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->tracking_number, tracking);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764266400789);
}

void order_delivered_v1(const std::string& file) {
  auto e = decode_event<order::order_delivered>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->by, "system");
  EXPECT_EQ(e->at, 1764435600012);
}

void order_completed_v1(const std::string& file) {
  auto e = decode_event<order::order_completed>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764522000345);
}

void order_canceled_v1(const std::string& file) {
  auto e = decode_event<order::order_canceled>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason, "Customer changed their mind");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764191100678);
}

void order_refunded_v1(const std::string& file) {
  auto e = decode_event<order::order_refunded>(order::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->amount, 1290);
  EXPECT_EQ(e->reason, "Saucer arrived broken");
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764439200901);
}

void order_state_v1(const std::string& file) {
  using order::order_status;
  auto s = decode_snapshot(order::decode_state, file);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version, 7);
  EXPECT_EQ(s->status, order_status::delivered);
  EXPECT_EQ(s->customer_id, customer_id);
  EXPECT_EQ(s->currency_code, "eur");
  expect_berlin_lines(s->items);
  EXPECT_EQ(s->total, 8062);
  expect_berlin_checkout(s->checkout, 94);
  EXPECT_EQ(s->placed_at, 1764190872001);
  EXPECT_EQ(s->payment_id, payment_id);
  EXPECT_EQ(s->authorized, 8062);
  EXPECT_EQ(s->captured, 8062);
  EXPECT_EQ(s->refunded, 1290);
  EXPECT_EQ(s->tracking_number, tracking);
  EXPECT_EQ(s->cancel_reason, "");
  ASSERT_EQ(s->history.size(), 6u);
  expect_change(s->history[0], order_status::none, order_status::placed,
                by_checkout, 1764190872001);
  expect_change(s->history[1], order_status::placed,
                order_status::payment_authorized, by_checkout, 1764190872002);
  expect_change(s->history[2], order_status::payment_authorized,
                order_status::payment_captured, by_admin, 1764194400123);
  expect_change(s->history[3], order_status::payment_captured,
                order_status::fulfilled, by_admin, 1764262800456);
  expect_change(s->history[4], order_status::fulfilled, order_status::shipped,
                by_admin, 1764266400789);
  expect_change(s->history[5], order_status::shipped, order_status::delivered,
                "system", 1764435600012);
}

// Taken before orders carried their checkout and the time they were placed.
void order_state_v1_without_checkout(const std::string& file) {
  using order::order_status;
  auto s = decode_snapshot(order::decode_state, file);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version, 3);
  EXPECT_EQ(s->status, order_status::canceled);
  EXPECT_EQ(s->customer_id, "cus_01KAYQ1W3E5R7T9Y2U4I6O8P0A");
  EXPECT_EQ(s->currency_code, "eur");
  ASSERT_EQ(s->items.size(), 1u);
  expect_line(s->items[0], "line_1", variant_12oz,
              "Coffee cup \"Morning\" (12 oz / White)", 1, 2995);
  EXPECT_EQ(s->total, 2995);
  expect_no_checkout(s->checkout);
  EXPECT_EQ(s->placed_at, 0);
  EXPECT_EQ(s->payment_id, "pay_01KAYQ2A4S6D8F0G2H4J6K8L0Z");
  EXPECT_EQ(s->authorized, 2995);
  EXPECT_EQ(s->captured, 0);
  EXPECT_EQ(s->refunded, 0);
  EXPECT_EQ(s->tracking_number, "");
  EXPECT_EQ(s->cancel_reason, "Out of stock");
  ASSERT_EQ(s->history.size(), 3u);
  expect_change(s->history[0], order_status::none, order_status::placed,
                "customer:cus_01KAYQ1W3E5R7T9Y2U4I6O8P0A", 1763000000500);
  expect_change(s->history[1], order_status::placed,
                order_status::payment_authorized, "system", 1763000000900);
  expect_change(s->history[2], order_status::payment_authorized,
                order_status::canceled, by_admin, 1763003600000);
}

void order_number_claimed_v1(const std::string& file) {
  auto e
    = decode_event<order::number_claimed>(order::numbers_domain::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->claim_id, order_id);
  EXPECT_EQ(e->number, 3);
  EXPECT_EQ(e->by, by_checkout);
  EXPECT_EQ(e->at, 1764190872000);
}

void order_numbers_v1(const std::string& file) {
  auto s = decode_snapshot(order::numbers_domain::decode_state, file);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version, 3);
  EXPECT_EQ(s->last, 3);
  EXPECT_EQ(s->claims, (std::map<std::string, std::int64_t>{
                         {"order_01KAZN1A2B3C4D5E6F7G8H9J0K", 1},
                         {"order_01KAZP2B3C4D5E6F7G8H9J0K1M", 2},
                         {order_id, 3}}));
  EXPECT_EQ(s->by_number, (std::map<std::int64_t, std::string>{
                            {1, "order_01KAZN1A2B3C4D5E6F7G8H9J0K"},
                            {2, "order_01KAZP2B3C4D5E6F7G8H9J0K1M"},
                            {3, order_id}}));
}

// -- ticket ------------------------------------------------------------------

constexpr const char* note_1 = "note_01KB0ZQ8R1S3T5V7W9X2Y4Z6A8";
constexpr const char* brief_2 = "Logo on the front only, in navy.";

void ticket_opened_v1(const std::string& file) {
  auto e = decode_event<ticket::ticket_opened>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->order_id, order_id);
  EXPECT_EQ(e->line_item_id, line_1);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->product_title, cup_8oz) << "v1's title";
  EXPECT_EQ(e->brief.text, "Our logo on the front,\nteam names on the back.");
  EXPECT_TRUE(e->brief.colors.empty());
  EXPECT_EQ(e->by, "subscriber:create-tickets");
  EXPECT_EQ(e->at, 1764190873100);
}

void ticket_opened_v2(const std::string& file) {
  auto e = decode_event<ticket::ticket_opened>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->order_id, order_id);
  EXPECT_EQ(e->order_display_id, 1042);
  EXPECT_EQ(e->number, 2);
  EXPECT_EQ(e->line_item_id, line_1);
  EXPECT_EQ(e->customer_id, customer_id);
  EXPECT_EQ(e->customer_email, "jo@example.com");
  EXPECT_EQ(e->product_title, "Coffee cup \"Morning\"");
  EXPECT_EQ(e->variant_title, "8 oz / White");
  EXPECT_EQ(e->quantity, 500);
  EXPECT_EQ(e->brief,
            (ticket::ticket_brief{"Our logo on the front,\nteam names on the "
                                  "back.",
                                  {"navy", "white"},
                                  "8 cm",
                                  "",
                                  {"https://example.com/logo.svg"}}));
  EXPECT_EQ(e->by, "workflow:create-tickets");
  EXPECT_EQ(e->at, 1764190873100);
}

void ticket_brief_updated_v1(const std::string& file) {
  auto e = decode_event<ticket::brief_updated>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->brief.text, brief_2);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764195000200);
}

void ticket_brief_updated_v2(const std::string& file) {
  auto e = decode_event<ticket::brief_updated>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->brief, (ticket::ticket_brief{
                        brief_2, {"navy"}, "8 cm", "500 in March", {}}));
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764195000200);
}

void ticket_note_added_v1(const std::string& file) {
  auto e = decode_event<ticket::note_added>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->note_id, note_1);
  EXPECT_EQ(e->text, "Proof v2 attached ✓");
  EXPECT_FALSE(e->internal);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764200000300);
}

void ticket_moved_v1(const std::string& file) {
  auto e = decode_event<ticket::ticket_moved>(ticket::codec(), file);
  ASSERT_TRUE(e);
  expect_move(*e, ticket::ticket_status::brief_received,
              ticket::ticket_status::designing_artwork, by_admin,
              1764200100400);
  EXPECT_EQ(e->reason, "");
}

void ticket_moved_v1_with_reason(const std::string& file) {
  auto e = decode_event<ticket::ticket_moved>(ticket::codec(), file);
  ASSERT_TRUE(e);
  expect_move(*e, ticket::ticket_status::fulfilling,
              ticket::ticket_status::designing_artwork, by_admin,
              1764200200500);
  EXPECT_EQ(e->reason, "Wrong Pantone");
}

const ticket::ticket_file logo{
  "file_01KB1A2B3C4D5E6F7G8H9J0K1M", "logo.png", "image/png", 48213,
  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"};
const ticket::ticket_file proof_v2{
  "file_01KB1B3C4D5E6F7G8H9J0K1M2N", "proof-v2.pdf", "application/pdf", 182044,
  "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"};
constexpr const char* support_2 = "user_01KAZK7Q9R2S4T6V8W1X3Y5Z7A";

void ticket_attachment_added_v1(const std::string& file) {
  auto e = decode_event<ticket::attachment_added>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file, logo);
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764195100300);
}

void ticket_proof_attached_v1(const std::string& file) {
  auto e = decode_event<ticket::proof_attached>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->file, proof_v2);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764200150400);
}

void ticket_proof_decided_v1(const std::string& file) {
  auto e = decode_event<ticket::proof_decided>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->proof_id, proof_v2.id);
  EXPECT_EQ(e->decision, ticket::proof_status::changes_requested);
  EXPECT_EQ(e->comment, "Logo 10% bigger, please");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764200160500);
}

void ticket_assigned_v1(const std::string& file) {
  auto e = decode_event<ticket::ticket_assigned>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->from, "");
  EXPECT_EQ(e->to, support_2);
  EXPECT_EQ(e->by, by_admin);
  EXPECT_EQ(e->at, 1764200170600);
}

void ticket_voided_v1(const std::string& file) {
  auto e = decode_event<ticket::ticket_voided>(ticket::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason, "the workflow that opened it was undone");
  EXPECT_EQ(e->by, "workflow:create-tickets");
  EXPECT_EQ(e->at, 1764190874200);
}

void ticket_state_v2(const std::string& file) {
  using ticket::ticket_status;
  auto s = decode_snapshot(ticket::decode_state, file);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->version, 6);
  EXPECT_EQ(s->status, ticket_status::designing_artwork);
  EXPECT_FALSE(s->voided);
  EXPECT_EQ(s->order_id, order_id);
  EXPECT_EQ(s->display_id(), "1042-2");
  EXPECT_EQ(s->line_item_id, line_1);
  EXPECT_EQ(s->customer_id, customer_id);
  EXPECT_EQ(s->customer_email, "jo@example.com");
  EXPECT_EQ(s->variant_title, "8 oz / White");
  EXPECT_EQ(s->quantity, 500);
  EXPECT_EQ(s->brief.quantity_notes, "500 in March");
  EXPECT_EQ(s->assignee_id, support_2);
  EXPECT_EQ(s->opened_at, 1764190873100);
  EXPECT_EQ(s->updated_at, 1764200160500);
  EXPECT_EQ(s->status_changed_at, 1764200100400);
  ASSERT_EQ(s->notes.size(), 1u);
  expect_note(s->notes[0], "note_01KB0ZR9S2T4V6W8X1Y3Z5A7B9",
              "Customer prefers Pantone 289", true,
              std::string{"user:"} + support_2, 1764200050350);
  ASSERT_EQ(s->attachments.size(), 1u);
  EXPECT_EQ(s->attachments[0], (ticket::ticket_attachment{
                                 proof_v2, true, by_admin, 1764200150400}));
  ASSERT_EQ(s->proofs.size(), 1u);
  EXPECT_EQ(s->proofs[0],
            (ticket::ticket_proof{
              proof_v2.id, ticket::proof_status::changes_requested,
              "Logo 10% bigger, please", by_customer, 1764200160500}));
}

// -- workflow ----------------------------------------------------------------

constexpr const char* out_of_stock
  = "Variant variant_01KAZK5G9J2K4M6N8P1R3S5T7V is out of stock: ";

void workflow_started_v1(const std::string& file) {
  auto e = decode_event<workflows::execution_started>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->workflow, "complete-cart");
  EXPECT_EQ(e->input, std::string{R"({"cart_id":")"} + cart_id + "\"}");
  EXPECT_EQ(e->by, by_customer);
  EXPECT_EQ(e->at, 1764190871000);
}

void workflow_step_started_v1(const std::string& file) {
  auto e = decode_event<workflows::step_started>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "reserve");
  EXPECT_EQ(e->attempt, 2);
  EXPECT_EQ(e->wait_until, 0);
  EXPECT_EQ(e->at, 1764190871400);
}

// A signal step: it has a deadline.
void workflow_step_started_v1_with_deadline(const std::string& file) {
  auto e = decode_event<workflows::step_started>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "await payment");
  EXPECT_EQ(e->attempt, 1);
  EXPECT_EQ(e->wait_until, 1764191771500);
  EXPECT_EQ(e->at, 1764190871500);
}

void workflow_step_completed_v1(const std::string& file) {
  auto e = decode_event<workflows::step_completed>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "authorize");
  EXPECT_EQ(e->output, std::string{R"({"payment_id":")"} + payment_id
                         + R"(","amount":8062})");
  EXPECT_EQ(e->at, 1764190871990);
}

void workflow_step_failed_v1(const std::string& file) {
  auto e = decode_event<workflows::step_failed>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "reserve");
  EXPECT_EQ(e->attempt, 1);
  EXPECT_EQ(e->error, std::string{out_of_stock} + "1 available, 2 requested");
  EXPECT_EQ(e->retry_at, 1764190871600);
  EXPECT_EQ(e->at, 1764190871401);
}

void workflow_signal_received_v1(const std::string& file) {
  auto e = decode_event<workflows::signal_received>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "await payment");
  EXPECT_EQ(e->payload, R"({"status":"captured","amount":8062})");
  EXPECT_EQ(e->at, 1764190990000);
}

void workflow_step_compensated_v1(const std::string& file) {
  auto e = decode_event<workflows::step_compensated>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "reserve");
  EXPECT_EQ(e->attempt, 1);
  EXPECT_EQ(e->at, 1764190872300);
}

void workflow_compensation_failed_v1(const std::string& file) {
  auto e
    = decode_event<workflows::compensation_failed>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->step, "create order");
  EXPECT_EQ(e->attempt, 2);
  EXPECT_EQ(e->error, "store unavailable: connection refused");
  EXPECT_EQ(e->retry_at, 1764190873500);
  EXPECT_EQ(e->at, 1764190872900);
}

void workflow_completed_v1(const std::string& file) {
  auto e
    = decode_event<workflows::execution_completed>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->result, std::string{R"({"order_id":")"} + order_id
                         + R"(","display_id":3})");
  EXPECT_EQ(e->at, 1764190872600);
}

void workflow_failed_v1(const std::string& file) {
  auto e = decode_event<workflows::execution_failed>(workflows::codec(), file);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->error, std::string{out_of_stock} + "0 available, 2 requested");
  EXPECT_EQ(e->at, 1764190872400);
}

// -- the table ---------------------------------------------------------------

/// A fixture file (under SOUK_EVENT_FIXTURES) and what it must decode to.
struct fixture {
  const char* file;
  void (*check)(const std::string& file);
};

// Names the fixture in gtest's messages.
void PrintTo(const fixture& f, std::ostream* os) {
  *os << f.file;
}

const std::vector<fixture>& fixtures() {
  static const std::vector<fixture> all{
    {"cart/cart.created.v1.json", cart_created_v1},
    {"cart/cart.created.v1.with-address.json", cart_created_v1_with_address},
    {"cart/cart.details_updated.v1.json", cart_details_updated_v1},
    {"cart/cart.details_updated.v1.without-billing-address.json",
     cart_details_updated_v1_without_billing},
    {"cart/cart.line_item_added.v1.json", cart_line_item_added_v1},
    {"cart/cart.line_item_quantity_changed.v1.json",
     cart_line_item_quantity_changed_v1},
    {"cart/cart.line_item_removed.v1.json", cart_line_item_removed_v1},
    {"cart/cart.shipping_method_set.v1.json", cart_shipping_method_set_v1},
    {"cart/cart.payment_collection_created.v1.json",
     cart_payment_collection_created_v1},
    {"cart/cart.payment_session_created.v1.json",
     cart_payment_session_created_v1},
    {"cart/cart.checkout_started.v1.json", cart_checkout_started_v1},
    {"cart/cart.checkout_ended.v1.json", cart_checkout_ended_v1},
    {"cart/cart.completed.v1.json", cart_completed_v1},
    {"catalog/catalog.region_created.v1.json", catalog_region_created_v1},
    {"catalog/catalog.region_updated.v1.json", catalog_region_updated_v1},
    {"catalog/catalog.region_deleted.v1.json", catalog_region_deleted_v1},
    {"catalog/catalog.product_created.v1.json", catalog_product_created_v1},
    {"catalog/catalog.product_updated.v1.json",
     catalog_product_updated_v1_before_groups},
    {"catalog/catalog.product_updated.v1.with-groups.json",
     catalog_product_updated_v1_with_groups},
    {"catalog/catalog.promotion_created.v1.json", catalog_promotion_created_v1},
    {"catalog/catalog.promotion_updated.v1.json", catalog_promotion_updated_v1},
    {"catalog/catalog.promotion_deleted.v1.json", catalog_promotion_deleted_v1},
    {"cart/cart.promotions_set.v1.json", cart_promotions_set_v1},
    {"promotion/promotion.used.v1.json", promotion_used_v1},
    {"promotion/promotion.use_released.v1.json", promotion_use_released_v1},
    {"catalog/catalog.collection_created.v1.json",
     catalog_collection_created_v1},
    {"catalog/catalog.collection_updated.v1.json",
     catalog_collection_updated_v1},
    {"catalog/catalog.collection_deleted.v1.json",
     catalog_collection_deleted_v1},
    {"catalog/catalog.category_created.v1.json", catalog_category_created_v1},
    {"catalog/catalog.category_updated.v1.json", catalog_category_updated_v1},
    {"catalog/catalog.category_deleted.v1.json", catalog_category_deleted_v1},
    {"cart/cart.details_updated.v1.with-locale.json",
     cart_details_updated_v1_with_locale},
    {"cart/cart.region_changed.v1.json", cart_region_changed_v1},
    {"cart/cart.customer_transferred.v1.json", cart_customer_transferred_v1},
    {"catalog/catalog.product_deleted.v1.json", catalog_product_deleted_v1},
    {"catalog/catalog.shipping_option_created.v1.json",
     catalog_shipping_option_created_v1},
    {"catalog/catalog.shipping_option_updated.v1.json",
     catalog_shipping_option_updated_v1},
    {"catalog/catalog.shipping_option_deleted.v1.json",
     catalog_shipping_option_deleted_v1},
    {"catalog/catalog.publishable_key_created.v1.json",
     catalog_publishable_key_created_v1},
    {"inventory/inventory.stock_set.v1.json", inventory_stock_set_v1},
    {"inventory/inventory.units_reserved.v1.json", inventory_units_reserved_v1},
    {"inventory/inventory.reservation_released.v1.json",
     inventory_reservation_released_v1},
    {"inventory/inventory.reservation_consumed.v1.json",
     inventory_reservation_consumed_v1},
    {"inventory/inventory.state.v1.json", inventory_state_v1},
    {"order/order.placed.v1.json", order_placed_v1},
    {"order/order.placed.v1.without-shipping-tax-total.json",
     order_placed_v1_without_shipping_tax_total},
    {"order/order.placed.v1.without-checkout.json",
     order_placed_v1_without_checkout},
    {"order/order.payment_authorized.v1.json", order_payment_authorized_v1},
    {"order/order.payment_captured.v1.json", order_payment_captured_v1},
    {"order/order.fulfilled.v1.json", order_fulfilled_v1},
    {"order/order.shipped.v1.json", order_shipped_v1},
    {"order/order.delivered.v1.json", order_delivered_v1},
    {"order/order.completed.v1.json", order_completed_v1},
    {"order/order.canceled.v1.json", order_canceled_v1},
    {"order/order.refunded.v1.json", order_refunded_v1},
    {"order/order.state.v1.json", order_state_v1},
    {"order/order.state.v1.without-checkout.json",
     order_state_v1_without_checkout},
    {"order/order.number_claimed.v1.json", order_number_claimed_v1},
    {"order/order.numbers.v1.json", order_numbers_v1},
    {"ticket/ticket.opened.v1.json", ticket_opened_v1},
    {"ticket/ticket.opened.v2.json", ticket_opened_v2},
    {"ticket/ticket.brief_updated.v1.json", ticket_brief_updated_v1},
    {"ticket/ticket.brief_updated.v2.json", ticket_brief_updated_v2},
    {"ticket/ticket.note_added.v1.json", ticket_note_added_v1},
    {"ticket/ticket.moved.v1.json", ticket_moved_v1},
    {"ticket/ticket.moved.v1.with-reason.json", ticket_moved_v1_with_reason},
    {"ticket/ticket.attachment_added.v1.json", ticket_attachment_added_v1},
    {"ticket/ticket.proof_attached.v1.json", ticket_proof_attached_v1},
    {"ticket/ticket.proof_decided.v1.json", ticket_proof_decided_v1},
    {"ticket/ticket.assigned.v1.json", ticket_assigned_v1},
    {"ticket/ticket.voided.v1.json", ticket_voided_v1},
    {"ticket/ticket.state.v2.json", ticket_state_v2},
    {"workflow/workflow.started.v1.json", workflow_started_v1},
    {"workflow/workflow.step_started.v1.json", workflow_step_started_v1},
    {"workflow/workflow.step_started.v1.with-deadline.json",
     workflow_step_started_v1_with_deadline},
    {"workflow/workflow.step_completed.v1.json", workflow_step_completed_v1},
    {"workflow/workflow.step_failed.v1.json", workflow_step_failed_v1},
    {"workflow/workflow.signal_received.v1.json", workflow_signal_received_v1},
    {"workflow/workflow.step_compensated.v1.json",
     workflow_step_compensated_v1},
    {"workflow/workflow.compensation_failed.v1.json",
     workflow_compensation_failed_v1},
    {"workflow/workflow.completed.v1.json", workflow_completed_v1},
    {"workflow/workflow.failed.v1.json", workflow_failed_v1},
  };
  return all;
}

/// Every persisted name souk reads: each codec's event types and each
/// snapshot schema. A new codec or snapshot goes here too.
std::set<std::string> known_types() {
  std::set<std::string> out;
  auto add = [&out](const auto& codec) {
    for (auto& name : codec.names())
      EXPECT_TRUE(out.insert(name).second) << "two codecs read " << name;
  };
  add(cart::codec());
  add(catalog::codec());
  add(inventory::codec());
  add(order::codec());
  add(order::numbers_domain::codec());
  add(ticket::codec());
  add(promotion::codec());
  add(workflows::codec());
  for (const char* snapshot :
       {inventory::state_type, order::state_type,
        order::numbers_domain::snapshot_type, ticket::state_type})
    EXPECT_TRUE(out.insert(snapshot).second) << "name used twice: " << snapshot;
  return out;
}

/// The fixture files on disk, relative to the root ("order/x.json").
std::set<std::string> files_on_disk() {
  std::set<std::string> out;
  for (auto& entry : fs::recursive_directory_iterator{fixture_root})
    if (entry.is_regular_file())
      out.insert(
        entry.path().lexically_relative(fixture_root).generic_string());
  return out;
}

// -- tests -------------------------------------------------------------------

class StoredEvent : public testing::TestWithParam<fixture> {};

// The test's name: "order/order.placed.v1.without-checkout.json" gives
// order_placed_v1_without_checkout.
std::string test_name(const testing::TestParamInfo<fixture>& info) {
  auto name = fs::path{info.param.file}.stem().string();
  for (auto& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)))
      ch = '_';
  return name;
}

TEST_P(StoredEvent, TodaysDecoderReadsItToTheValueItWasWrittenWith) {
  GetParam().check(GetParam().file);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StoredEvent, testing::ValuesIn(fixtures()),
                         test_name);

TEST(StoredEvents, EveryNameACodecReadsHasAFixtureAndEveryFixtureANameRead) {
  std::set<std::string> fixture_types;
  for (auto& file : files_on_disk()) {
    auto path = fs::path{file};
    auto type = type_of(path.filename().string());
    EXPECT_FALSE(type.empty()) << file << " names no type (<type>.vN.json)";
    EXPECT_EQ(path.extension(), ".json") << file;
    // The folder is the domain: the name's first part.
    EXPECT_EQ(path.parent_path().generic_string(),
              type.substr(0, type.find('.')))
      << file;
    fixture_types.insert(type);
  }
  auto known = known_types();
  for (auto& type : known)
    EXPECT_EQ(fixture_types.count(type), 1u)
      << "no fixture for '" << type
      << "': check in its payload as written today (docs/event-store.md)";
  for (auto& type : fixture_types)
    EXPECT_EQ(known.count(type), 1u)
      << "fixtures of '" << type
      << "' but no codec reads it: a stored type was dropped";
}

TEST(StoredEvents, EveryFixtureFileIsCheckedFieldByField) {
  std::set<std::string> checked;
  for (auto& f : fixtures())
    EXPECT_TRUE(checked.insert(f.file).second) << "listed twice: " << f.file;
  auto on_disk = files_on_disk();
  for (auto& file : on_disk)
    EXPECT_EQ(checked.count(file), 1u) << file << " has no check in the table";
  for (auto& file : checked)
    EXPECT_EQ(on_disk.count(file), 1u) << file << " is missing";
}

TEST(StoredEvents, AFixtureNameGivesItsTypeWithOrWithoutAVariant) {
  EXPECT_EQ(type_of("order.placed.v1.json"), "order.placed.v1");
  EXPECT_EQ(type_of("order.placed.v1.without-checkout.json"),
            "order.placed.v1");
  EXPECT_EQ(type_of("workflow.step_started.v12.json"),
            "workflow.step_started.v12");
  EXPECT_EQ(type_of("order.vip_placed.v2.json"), "order.vip_placed.v2");
  EXPECT_EQ(type_of("notes.json"), "");
  EXPECT_EQ(type_of("order.placed.json"), "");
}

} // namespace
} // namespace souk
