// What Medusa's own storefront reads and does beyond the checkout, over
// real HTTP on a real PostgreSQL: collections, the category tree, product
// filters, variants, locales, payment providers, shipping prices, moving a
// cart to another region, handing a guest's cart to the customer who signs
// in, and the `fields` parameter.
#include "http/server_app.hpp"

#include <deque>

#include <gtest/gtest.h>

#include <simdjson.h>

#include "tests/support/http_client.hpp"
#include "tests/support/shop_client.hpp"
#include "tests/support/souk_suite.hpp"

namespace souk {
namespace {

using http::verb;

class StorefrontApi : public test::souk_suite {
protected:
  static void SetUpTestSuite() { start_souk(); }

  StorefrontApi() : client("127.0.0.1", app->port()) {}

  // Calls `target` with the demo's key (or `key`) and `token`; the status
  // and the parsed body.
  std::pair<http::status, simdjson::dom::element>
  call(verb v, const std::string& target, std::string body = {},
       const std::string& token = {},
       std::optional<std::string> key = std::nullopt) {
    client.set_header("x-publishable-api-key",
                      key.value_or(demo->publishable_key));
    client.set_header("authorization", token.empty() ? "" : "Bearer " + token);
    auto res = client.request(v, target, std::move(body));
    bodies.push_back(res.body());
    simdjson::dom::element parsed;
    if (parser.parse(bodies.back()).get(parsed))
      parsed = {};
    return {res.result(), parsed};
  }

  simdjson::dom::element ok(verb v, const std::string& target,
                            std::string body = {},
                            const std::string& token = {}) {
    auto [s, b] = call(v, target, std::move(body), token);
    EXPECT_EQ(s, http::status::ok) << target << ": " << bodies.back();
    return b;
  }

  std::string token_for(const std::string& actor, const std::string& email,
                        const std::string& password) {
    auto b
      = ok(verb::post, "/auth/" + actor + "/emailpass",
           R"({"email":")" + email + R"(","password":")" + password + R"("})");
    return test::text(b["token"]);
  }
  std::string admin() {
    return token_for("user", demo->admin_email, demo->admin_password);
  }
  std::string customer(const std::string& email) {
    auto reg
      = ok(verb::post, "/auth/customer/emailpass/register",
           R"({"email":")" + email + R"(","password":"long-enough-pw"})");
    ok(verb::post, "/store/customers", R"({"first_name":"C"})",
       test::text(reg["token"]));
    return token_for("customer", email, "long-enough-pw");
  }
  // A cart with `quantity` of the demo's first variant; its id.
  std::string cart_with_line(const std::string& token = {}, int quantity = 1) {
    auto c = ok(verb::post, "/store/carts", "{}", token);
    auto id = test::text(c["cart"]["id"]);
    ok(verb::post, "/store/carts/" + id + "/line-items",
       R"({"variant_id":")" + demo->products[0].second[0] + R"(","quantity":)"
         + std::to_string(quantity) + "}",
       token);
    return id;
  }

  std::vector<std::string>
  ids_of(simdjson::simdjson_result<simdjson::dom::array> listed) const {
    std::vector<std::string> out;
    simdjson::dom::array rows;
    EXPECT_FALSE(std::move(listed).get(rows)) << "not a list";
    for (auto row : rows)
      out.push_back(test::text(row["id"]));
    return out;
  }

  test::http_client client;
  simdjson::dom::parser parser;
  std::deque<std::string> bodies;
};

// The storefront's home and footer: collections by handle with their
// products; a product lists its collection.
TEST_F(StorefrontApi, CollectionsListByHandleAndCarryTheirProducts) {
  auto all = ok(verb::get, "/store/collections?limit=100&offset=0");
  ASSERT_EQ(int64_t(all["count"]), 1);
  EXPECT_EQ(test::text(all["collections"].at(0)["handle"]), "bestsellers");
  EXPECT_TRUE(all["collections"].at(0)["products"].error())
    << "products only when asked for";
  auto one
    = ok(verb::get, "/store/collections?handle=bestsellers&fields=%2Aproducts");
  auto products = one["collections"].at(0)["products"].get_array();
  EXPECT_EQ(ids_of(products),
            (std::vector<std::string>{demo->products[0].first,
                                      demo->products[1].first}));
  EXPECT_EQ(int64_t(ok(verb::get, "/store/collections?handle=nope")["count"]),
            0);
  auto by_id = ok(verb::get, "/store/collections/" + demo->collection_id);
  EXPECT_EQ(test::text(by_id["collection"]["title"]), "Bestsellers");
  auto [s, missing] = call(verb::get, "/store/collections/pcol_nope");
  EXPECT_EQ(s, http::status::not_found);
  EXPECT_EQ(test::text(missing["message"]),
            "Collection with id: pcol_nope was not found");
  auto product
    = ok(verb::get, "/store/products/" + demo->products[0].first)["product"];
  EXPECT_EQ(test::text(product["collection_id"]), demo->collection_id);
  EXPECT_EQ(test::text(product["collection"]["handle"]), "bestsellers");
}

// The category pages: the top level with its children, one category by
// handle with its products, the whole tree on request; an inactive
// category is hidden with everything under it.
TEST_F(StorefrontApi, CategoriesAreATreeTheStoreSeesOnlyTheActivePublicPartOf) {
  auto top = ok(verb::get, "/store/product-categories?parent_category_id=null"
                           "&include_descendants_tree=true");
  ASSERT_EQ(int64_t(top["count"]), 2);
  auto boxes = top["product_categories"].at(0);
  EXPECT_EQ(test::text(boxes["handle"]), "boxes");
  EXPECT_EQ(int64_t(boxes["rank"]), 0);
  EXPECT_TRUE(boxes["parent_category"].is_null());
  auto child = boxes["category_children"].at(0);
  EXPECT_EQ(test::text(child["handle"]), "pizza-boxes");
  auto pizza = ok(verb::get, "/store/product-categories?handle=pizza-boxes&"
                             "fields=%2Acategory_children,%20%2Aproducts,"
                             "%20%2Aparent_category")["product_categories"]
                 .at(0);
  EXPECT_EQ(test::text(pizza["parent_category"]["handle"]), "boxes");
  EXPECT_EQ(ids_of(pizza["products"].get_array()),
            std::vector<std::string>{demo->products[0].first});
  auto pizza_id = test::text(pizza["id"]); // the next call reuses the parser
  auto filtered
    = ok(verb::get, "/store/products?category_id%5B0%5D=" + pizza_id);
  EXPECT_EQ(ids_of(filtered["products"].get_array()),
            std::vector<std::string>{demo->products[0].first});
  auto by_collection = ok(verb::get, "/store/products?collection_id="
                                       + demo->collection_id + "&order=-title");
  EXPECT_EQ(test::text(by_collection["products"].at(0)["title"]),
            "Printed Pizza Box");
  EXPECT_EQ(int64_t(by_collection["count"]), 2);
  // The admin hides "Boxes": its child goes with it.
  auto token = admin();
  ok(verb::post, "/admin/product-categories/" + demo->category_id,
     R"({"is_active":false})", token);
  auto hidden = ok(verb::get, "/store/product-categories");
  EXPECT_EQ(int64_t(hidden["count"]), 1);
  EXPECT_EQ(test::text(hidden["product_categories"].at(0)["handle"]),
            "cup-sleeves");
  auto [s, gone] = call(verb::get, "/store/product-categories/" + pizza_id);
  EXPECT_EQ(s, http::status::not_found) << bodies.back();
  auto admin_view = ok(verb::get, "/admin/product-categories", {}, token);
  EXPECT_EQ(int64_t(admin_view["count"]), 3) << "the admin sees them all";
  ok(verb::post, "/admin/product-categories/" + demo->category_id,
     R"({"is_active":true})", token);
  auto [bad, why] = call(verb::get, "/store/product-categories?"
                                    "include_descendants_tree=yes");
  EXPECT_EQ(bad, http::status::bad_request);
  EXPECT_EQ(test::text(why["message"]),
            "Invalid request: include_descendants_tree must be true or false");
}

// The admin builds a collection and a category, ranks categories and puts
// products in them; the store sees it at once.
TEST_F(StorefrontApi, TheAdminGroupsProductsAndRanksCategories) {
  auto token = admin();
  auto made = ok(verb::post, "/admin/collections", R"({"title":"Winter 2026"})",
                 token)["collection"];
  auto collection = test::text(made["id"]);
  EXPECT_EQ(test::text(made["handle"]), "winter-2026");
  auto [dup, why] = call(verb::post, "/admin/collections",
                         R"({"title":"Winter 2026"})", token);
  EXPECT_EQ(dup, http::status::conflict) << bodies.back();
  ok(verb::post, "/admin/collections/" + collection + "/products",
     R"({"add":[")" + demo->products[2].first + R"("]})", token);
  auto listed
    = ok(verb::get, "/store/products?collection_id%5B0%5D=" + collection);
  EXPECT_EQ(ids_of(listed["products"].get_array()),
            std::vector<std::string>{demo->products[2].first});
  auto cat = ok(verb::post, "/admin/product-categories",
                R"({"name":"Cups","rank":0})", token)["product_category"];
  auto cups = test::text(cat["id"]);
  EXPECT_EQ(int64_t(cat["rank"]), 0);
  auto top = ok(verb::get, "/store/product-categories?parent_category_id=null");
  std::vector<std::string> handles;
  for (auto c : top["product_categories"].get_array())
    handles.push_back(test::text(c["handle"]) + "@"
                      + std::to_string(int64_t(c["rank"])));
  EXPECT_EQ(handles,
            (std::vector<std::string>{"cups@0", "boxes@1", "cup-sleeves@2"}));
  ok(verb::post, "/admin/product-categories/" + cups + "/products",
     R"({"add":[")" + demo->products[2].first + R"("]})", token);
  auto product = ok(verb::get, "/admin/products/" + demo->products[2].first, {},
                    token)["product"];
  EXPECT_EQ(product["categories"].get_array().size(), 2u);
  auto [refused, msg] = call(
    verb::delete_, "/admin/product-categories/" + demo->category_id, {}, token);
  EXPECT_EQ(refused, http::status::bad_request) << bodies.back();
  ok(verb::delete_, "/admin/product-categories/" + cups, {}, token);
  ok(verb::delete_, "/admin/collections/" + collection, {}, token);
  auto after = ok(verb::get, "/store/products/" + demo->products[2].first);
  EXPECT_TRUE(after["product"]["collection_id"].is_null());
  EXPECT_EQ(after["product"]["categories"].get_array().size(), 1u);
}

TEST_F(StorefrontApi, VariantsLocalesAndPaymentProviders) {
  auto& variant = demo->products[0].second[0];
  auto v = ok(verb::get, "/store/product-variants/" + variant
                           + "?region_id=" + demo->region_id)["variant"];
  EXPECT_EQ(test::text(v["id"]), variant);
  EXPECT_EQ(double(v["calculated_price"]["calculated_amount"]), 1.2);
  auto [s404, none] = call(verb::get, "/store/product-variants/variant_nope");
  EXPECT_EQ(s404, http::status::not_found);
  EXPECT_EQ(test::text(none["message"]),
            "Variant with id: variant_nope was not found");
  auto listed = ok(verb::get, "/store/product-variants?product_id="
                                + demo->products[1].first);
  EXPECT_EQ(int64_t(listed["count"]), 3);
  auto locales = ok(verb::get, "/store/locales")["locales"];
  EXPECT_EQ(test::text(locales.at(0)["code"]), "en-US");
  auto providers
    = ok(verb::get, "/store/payment-providers?region_id=" + demo->region_id);
  EXPECT_EQ(test::text(providers["payment_providers"].at(0)["id"]),
            "pp_system_default");
  auto [s400, missing] = call(verb::get, "/store/payment-providers");
  EXPECT_EQ(s400, http::status::bad_request);
  EXPECT_EQ(test::text(missing["message"]),
            "Invalid request: Field 'region_id' is required");
  auto [s_unknown, unknown]
    = call(verb::get, "/store/payment-providers?region_id=reg_nope");
  EXPECT_EQ(s_unknown, http::status::not_found);
  auto [no_key, refused] = call(verb::get, "/store/locales", {}, {}, "");
  EXPECT_EQ(no_key, http::status::bad_request) << "a store route: key needed";
}

// The checkout's shipping step: the price of an option for the cart, for
// its owner only.
TEST_F(StorefrontApi, AShippingOptionIsPricedForTheCartsOwnerOnly) {
  auto mine = customer("calc-a@example.com");
  auto theirs = customer("calc-b@example.com");
  auto cart = cart_with_line(mine);
  auto target
    = "/store/shipping-options/" + demo->shipping_option_id + "/calculate";
  auto priced = ok(verb::post, target, R"({"cart_id":")" + cart + R"("})",
                   mine)["shipping_option"];
  EXPECT_EQ(double(priced["amount"]), 4.95);
  EXPECT_EQ(test::text(priced["price_type"]), "flat");
  for (auto& who : {theirs, std::string{}}) {
    auto [s, b]
      = call(verb::post, target, R"({"cart_id":")" + cart + R"("})", who);
    EXPECT_EQ(s, http::status::not_found) << bodies.back();
  }
  auto [s, b] = call(verb::post, "/store/shipping-options/so_nope/calculate",
                     R"({"cart_id":")" + cart + R"("})", mine);
  EXPECT_EQ(s, http::status::not_found);
  EXPECT_EQ(test::text(b["message"]),
            "Shipping option with id: so_nope was not found");
}

// sdk.store.cart.transferCart at sign-in: a guest's cart becomes the
// customer's; nobody else can take it, and a signed-in customer's cart is
// not another's to take.
TEST_F(StorefrontApi, AGuestCartIsTransferredToTheCustomerWhoSignsIn) {
  auto cart = cart_with_line();
  auto target = "/store/carts/" + cart + "/customer";
  auto [anon, refused] = call(verb::post, target);
  EXPECT_EQ(anon, http::status::unauthorized) << bodies.back();
  auto [forged, f] = call(verb::post, target, {}, "eyJhbGciOiJub25lIn0.e30.");
  EXPECT_EQ(forged, http::status::unauthorized) << bodies.back();
  auto ada = customer("transfer-a@example.com");
  auto ada_id = test::text(
    ok(verb::get, "/store/customers/me", {}, ada)["customer"]["id"]);
  auto moved = ok(verb::post, target, {}, ada)["cart"];
  EXPECT_EQ(test::text(moved["email"]), "transfer-a@example.com");
  EXPECT_EQ(test::text(moved["customer_id"]), ada_id);
  EXPECT_EQ(ok(verb::post, target, {}, ada)["cart"]["items"].get_array().size(),
            1u)
    << "again: the same cart";
  auto bob = customer("transfer-b@example.com");
  auto [taken, t] = call(verb::post, target, {}, bob);
  EXPECT_EQ(taken, http::status::not_found) << bodies.back();
  auto [guest, g] = call(verb::get, "/store/carts/" + cart);
  EXPECT_EQ(guest, http::status::not_found) << "no longer a guest's";
  auto orders = ok(verb::get, "/store/carts/" + cart, {}, ada);
  EXPECT_EQ(test::text(orders["cart"]["id"]), cart);
}

// updateRegion: the storefront moves the cart when the shopper picks
// another country; the lines are priced in the new currency.
TEST_F(StorefrontApi, MovingACartToAnotherRegionRepricesItsLines) {
  auto token = admin();
  auto us = ok(verb::post, "/admin/regions",
               R"({"name":"United States","currency_code":"usd",)"
               R"("countries":["us"],"tax_rate":0})",
               token)["region"];
  auto region = test::text(us["id"]);
  auto& variant = demo->products[0].second[0];
  ok(verb::post,
     "/admin/products/" + demo->products[0].first + "/variants/" + variant,
     R"({"prices":[{"currency_code":"eur","amount":1.2},)"
     R"({"currency_code":"usd","amount":1.45}]})",
     token);
  auto cart = cart_with_line({}, 2);
  auto moved = ok(verb::post, "/store/carts/" + cart,
                  R"({"region_id":")" + region + R"("})")["cart"];
  EXPECT_EQ(test::text(moved["currency_code"]), "usd");
  EXPECT_EQ(double(moved["items"].at(0)["unit_price"]), 1.45);
  EXPECT_EQ(double(moved["total"]), 2.9);
  // A line without a dollar price stops the move back... to a region the
  // cart's lines all have prices in: euros.
  auto back = ok(verb::post, "/store/carts/" + cart,
                 R"({"region_id":")" + demo->region_id + R"("})")["cart"];
  EXPECT_EQ(test::text(back["currency_code"]), "eur");
  ok(verb::post, "/store/carts/" + cart + "/line-items",
     R"({"variant_id":")" + demo->products[1].second[0] + R"(","quantity":1})");
  auto [s, b] = call(verb::post, "/store/carts/" + cart,
                     R"({"region_id":")" + region + R"("})");
  EXPECT_EQ(s, http::status::bad_request) << bodies.back();
  EXPECT_NE(test::text(b["message"]).find("do not have a price in usd"),
            std::string::npos);
}

// The locale: from the body or the storefront's x-medusa-locale header,
// checked.
TEST_F(StorefrontApi, ACartKeepsTheShoppersLocale) {
  client.set_header("x-medusa-locale", "de-DE");
  auto made = ok(verb::post, "/store/carts", "{}")["cart"];
  client.set_header("x-medusa-locale", "");
  EXPECT_EQ(test::text(made["locale"]), "de-DE");
  auto id = test::text(made["id"]);
  auto changed
    = ok(verb::post, "/store/carts/" + id, R"({"locale":"fr-FR"})")["cart"];
  EXPECT_EQ(test::text(changed["locale"]), "fr-FR");
  auto [s, b]
    = call(verb::post, "/store/carts/" + id, R"({"locale":"<b>hi</b>"})");
  EXPECT_EQ(s, http::status::bad_request);
}

// `fields`: bare names cut the answer to them, `-` drops one, `*`/`+` add
// nothing souk does not write anyway; a malformed list is a 400.
TEST_F(StorefrontApi, FieldsCutTheAnswerAndMalformedFieldsAreRefused) {
  auto cart = cart_with_line();
  auto slim = ok(verb::get, "/store/carts/" + cart + "?fields=id,region_id");
  std::vector<std::string> keys;
  for (auto [k, v] : slim["cart"].get_object())
    keys.emplace_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "region_id"}));
  auto handles = ok(verb::get, "/store/products?limit=100&fields=handle");
  EXPECT_EQ(int64_t(handles["count"]), 3);
  for (auto p : handles["products"].get_array()) {
    EXPECT_FALSE(p["handle"].error());
    EXPECT_TRUE(p["variants"].error());
  }
  // Bare names with `*` ones: both kept.
  auto mixed = ok(verb::get, "/store/products?fields=id,title,%2Avariants");
  std::vector<std::string> mixed_keys;
  for (auto [k, v] : mixed["products"].at(0).get_object())
    mixed_keys.emplace_back(k);
  EXPECT_EQ(mixed_keys, (std::vector<std::string>{"id", "title", "variants"}));
  auto nested = ok(verb::get, "/store/products?fields=-variants.options");
  EXPECT_FALSE(nested["products"].at(0)["variants"].error())
    << "a nested `-` leaves the relation";
  auto no_variants = ok(verb::get, "/store/products?fields=-variants");
  EXPECT_TRUE(no_variants["products"].at(0)["variants"].error());
  EXPECT_FALSE(no_variants["products"].at(0)["title"].error());
  auto [s, b] = call(verb::get, "/store/products?fields=id%3Bdrop");
  EXPECT_EQ(s, http::status::bad_request);
  EXPECT_NE(test::text(b["message"]).find("Invalid fields"), std::string::npos);
  auto expanded = ok(verb::get, "/store/products?expand=variants");
  EXPECT_EQ(int64_t(expanded["count"]), 3) << "expand is accepted";
}

} // namespace
} // namespace souk
