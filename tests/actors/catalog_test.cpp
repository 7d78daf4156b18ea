// The catalog's decide/evolve/codec and the money and id helpers, pure.
#include <algorithm>
#include <limits>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "actors/catalog/catalog_decide.hpp"
#include "actors/catalog/catalog_follower.hpp"
#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"

namespace souk::catalog {
namespace {

product pizza_box() {
  product p;
  p.id = "prod_1";
  p.title = "Pizza Box";
  p.options = {{"opt_1", "Size", {"30 cm", "40 cm"}}};
  p.variants = {
    {"variant_1", "30 cm", "PB-30", {{"eur", 120}}, {{"Size", "30 cm"}}, true},
    {"variant_2", "40 cm", "PB-40", {{"eur", 150}}, {{"Size", "40 cm"}}, true}};
  p.created_at = p.updated_at = 1;
  return p;
}

catalog_state with(std::vector<catalog_event> events) {
  catalog_state s;
  for (auto& e : events)
    s = evolve(std::move(s), e);
  return s;
}

TEST(CatalogDecide, ANewProductGetsAHandleFromItsTitleAndIndexesItsVariants) {
  auto d = decide({}, create_product{pizza_box(), "user:ada", 5});
  ASSERT_TRUE(d) << d.error().message;
  auto s = with(*d);
  ASSERT_NE(s.find_product("prod_1"), nullptr);
  EXPECT_EQ(s.find_product("prod_1")->handle, "pizza-box");
  auto [p, v] = s.find_variant("variant_2");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->sku, "PB-40");
  EXPECT_EQ(price_in(*v, "eur")->amount, 150);
}

TEST(CatalogDecide, TakenHandlesAndSkusAreRefused) {
  auto s = with({product_created{pizza_box(), "x", 1}});
  auto again = pizza_box();
  again.id = "prod_2";
  again.handle = "pizza-box";
  auto d = decide(s, create_product{again, "x", 2});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, domain_errc::already_exists);
  again.handle = "other";
  auto sku = decide(s, create_product{again, "x", 2});
  ASSERT_FALSE(sku);
  EXPECT_EQ(sku.error().message, "SKU PB-30 already exists");
}

TEST(CatalogDecide, BadPricesCurrenciesAndOptionsAreInvalid) {
  auto p = pizza_box();
  p.variants[0].prices[0].amount = -1;
  EXPECT_EQ(decide({}, create_product{p, "x", 1}).error().code,
            domain_errc::invalid_argument);
  p = pizza_box();
  p.variants[0].prices[0].currency_code = "EUR";
  EXPECT_FALSE(decide({}, create_product{p, "x", 1}));
  p = pizza_box();
  p.variants[0].options["Colour"] = "red";
  auto d = decide({}, create_product{p, "x", 1});
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("does not declare"), std::string::npos);
}

TEST(CatalogDecide,
     UpdatesChangeOnlyTheGivenFieldsAndUnknownProductsAreNotFound) {
  auto s = with({product_created{pizza_box(), "x", 1}});
  update_product u{"prod_1", "Pizza Box XL", {}, {}, {}, {}, {}, {}, "x", 9};
  auto d = decide(s, u);
  ASSERT_TRUE(d);
  auto after = with({product_created{pizza_box(), "x", 1}, (*d)[0]});
  EXPECT_EQ(after.find_product("prod_1")->title, "Pizza Box XL");
  EXPECT_EQ(after.find_product("prod_1")->variants.size(), 2u);
  EXPECT_EQ(after.find_product("prod_1")->updated_at, 9);
  u.product_id = "prod_x";
  EXPECT_EQ(decide(s, u).error().message,
            "Product with id: prod_x was not found");
  auto gone = decide(s, delete_product{"prod_1", "x", 3});
  ASSERT_TRUE(gone);
  auto empty = with({product_created{pizza_box(), "x", 1}, (*gone)[0]});
  EXPECT_EQ(empty.find_variant("variant_1").second, nullptr);
}

// A variant's prices are replaced as a whole, checked like new ones, and
// an unknown variant of the product is not found.
TEST(CatalogDecide, AVariantUpdateReplacesItsPricesAndKeepsTheOthers) {
  auto s = with({product_created{pizza_box(), "x", 1}});
  update_product u{"prod_1", {}, {}, {}, {}, {}, {}, {}, "x", 9};
  u.variants.push_back({"variant_1", {}, "PIZZA-S2", {{{"eur", 1450}}}});
  auto d = decide(s, u);
  ASSERT_TRUE(d) << d.error().message;
  auto after = with({product_created{pizza_box(), "x", 1}, (*d)[0]});
  auto [p, v] = after.find_variant("variant_1");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->sku, "PIZZA-S2");
  ASSERT_EQ(v->prices.size(), 1u);
  EXPECT_EQ(v->prices[0].amount, 1450);
  EXPECT_EQ(after.find_variant("variant_2").second->prices,
            pizza_box().variants[1].prices);
  u.variants[0].prices = std::vector<price>{{"EUR!", 1}};
  EXPECT_FALSE(decide(s, u));
  u.variants[0].prices = std::vector<price>{{"eur", 1}, {"eur", 2}};
  auto twice = decide(s, u);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("two prices in eur"), std::string::npos);
  u.variants[0] = {"variant_9", {}, {}, {}};
  EXPECT_EQ(decide(s, u).error().message,
            "Variant with id: variant_9 was not found");
}

TEST(CatalogDecide, AShippingOptionNeedsAKnownRegion) {
  shipping_option o{"so_1", "Standard", "reg_1", 500, 1};
  EXPECT_FALSE(decide({}, create_shipping_option{o, "x", 1}));
  auto s = with(
    {region_created{{"reg_1", "Germany", "eur", 1900, {"de"}, 1, 1}, "x", 1}});
  EXPECT_TRUE(decide(s, create_shipping_option{o, "x", 1}));
}

TEST(CatalogDecide, RegionsChangeTheirGivenFieldsAndKeepCountriesApart) {
  auto s = with(
    {region_created{{"reg_1", "Germany", "eur", 1900, {"de"}, 1, 1}, "x", 1},
     region_created{{"reg_2", "France", "eur", 2000, {"fr"}, 2, 2}, "x", 2}});
  auto d = decide(s, update_region{"reg_1", {}, {}, 700, {}, "user:ada", 9});
  ASSERT_TRUE(d) << d.error().message;
  auto after = evolve(s, (*d)[0]);
  EXPECT_EQ(after.find_region("reg_1")->tax_rate_bp, 700);
  EXPECT_EQ(after.find_region("reg_1")->name, "Germany");
  EXPECT_EQ(after.find_region("reg_1")->updated_at, 9);
  // A country belongs to one region; bad values are invalid.
  auto taken = decide(
    s, update_region{
         "reg_1", {}, {}, {}, std::vector<std::string>{"de", "fr"}, "x", 3});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, domain_errc::already_exists);
  EXPECT_EQ(
    decide(s, update_region{"reg_1", {}, {}, 10001, {}, "x", 3}).error().code,
    domain_errc::invalid_argument);
  EXPECT_EQ(
    decide(s, update_region{"reg_1", {}, "EUR", {}, {}, "x", 3}).error().code,
    domain_errc::invalid_argument);
  EXPECT_EQ(
    decide(s, update_region{"reg_9", "X", {}, {}, {}, "x", 3}).error().message,
    "Region with id: reg_9 was not found");
  // No change, no event.
  EXPECT_TRUE(
    decide(s, update_region{"reg_1", "Germany", {}, {}, {}, "x", 3})->empty());
}

TEST(CatalogDecide, ADeletedRegionTakesItsShippingOptionsWithIt) {
  auto s = with(
    {region_created{{"reg_1", "Germany", "eur", 1900, {"de"}, 1, 1}, "x", 1},
     shipping_option_created{{"so_1", "Standard", "reg_1", 500, 1}, "x", 1}});
  auto changed
    = decide(s, update_shipping_option{"so_1", "Express", 900, "user:ada", 2});
  ASSERT_TRUE(changed);
  s = evolve(s, (*changed)[0]);
  EXPECT_EQ(s.shipping_options.at("so_1").name, "Express");
  EXPECT_EQ(s.shipping_options.at("so_1").amount, 900);
  EXPECT_FALSE(decide(s, update_shipping_option{"so_1", {}, -1, "x", 3}));
  auto gone = decide(s, delete_region{"reg_1", "user:ada", 3});
  ASSERT_TRUE(gone);
  s = evolve(s, (*gone)[0]);
  EXPECT_EQ(s.find_region("reg_1"), nullptr);
  EXPECT_TRUE(s.shipping_options.empty());
  EXPECT_EQ(decide(s, delete_shipping_option{"so_1", "x", 4}).error().code,
            domain_errc::not_found);
}

TEST(CatalogCodec, EveryEventSurvivesTheRoundTrip) {
  std::vector<catalog_event> all{
    region_created{
      {"reg_1", "Germany", "eur", 1900, {"de", "at"}, 7, 7}, "seed", 1},
    product_created{pizza_box(), "user:ada", 2},
    product_updated{pizza_box(), "user:ada", 3},
    product_deleted{"prod_1", "user:ada", 4},
    region_updated{
      {"reg_1", "Germany", "eur", 700, {"de"}, 7, 9}, "user:ada", 9},
    region_deleted{"reg_1", "user:ada", 10},
    shipping_option_created{{"so_1", "Standard", "reg_1", 500, 8}, "seed", 5},
    shipping_option_updated{
      {"so_1", "Express", "reg_1", 900, 8}, "user:ada", 11},
    shipping_option_deleted{"so_1", "user:ada", 12},
    publishable_key_created{{"pk_1", "sc_1", "Webshop"}, "seed", 6}};
  for (auto& e : all) {
    auto stored = encode(e);
    recorded_event r;
    r.stream_id = "catalog";
    r.version = 1;
    r.type = stored.type;
    r.data = stored.data;
    auto back = codec().decode(r);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(encode(*back).data, stored.data);
  }
  auto s = with({std::get<product_created>(all[1])});
  auto round = codec().decode(recorded_event{
    1, "catalog", 1, "", encode(all[1]).type, encode(all[1]).data, {}, {}});
  ASSERT_TRUE(round);
  EXPECT_EQ(std::get<product_created>(*round).product, pizza_box());
}

// -- the view and its follower --

// `e` as committed: version `version` of stream `stream`.
recorded_event committed(const catalog_event& e, std::int64_t version,
                         std::string stream = "catalog") {
  auto stored = encode(e);
  return recorded_event{version,     std::move(stream), version, "",
                        stored.type, stored.data,       {},      {}};
}

region germany() {
  return {"reg_1", "Germany", "eur", 1900, {"de"}, 7, 7};
}

TEST(CatalogView, WaitersRunOnceTheirVersionIsPublishedAndNotBefore) {
  catalog_view view;
  std::vector<std::int64_t> ran;
  view.when_at(2, [&] { ran.push_back(2); });
  view.when_at(1, [&] { ran.push_back(1); });
  view.when_at(0, [&] { ran.push_back(0); }); // there already: at once
  EXPECT_EQ(ran, (std::vector<std::int64_t>{0}));
  EXPECT_FALSE(view.wait_for(1, std::chrono::milliseconds{0}));
  view.publish(with({region_created{germany(), "seed", 1}}));
  EXPECT_EQ(ran, (std::vector<std::int64_t>{0, 1}));
  EXPECT_TRUE(view.wait_for(1, std::chrono::milliseconds{0}));
  view.publish(with({region_created{germany(), "seed", 1},
                     region_deleted{"reg_1", "seed", 2}}));
  EXPECT_EQ(ran, (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(view.version(), 2);
  view.publish(with({region_created{germany(), "seed", 1}})); // older: kept out
  EXPECT_EQ(view.version(), 2);
  EXPECT_TRUE(view.get()->regions.empty());
}

TEST(CatalogFollower, TheNextEventIsFoldedInAndSeenOrForeignOnesAreSkipped) {
  catalog_view view;
  int reads = 0;
  catalog_follower follow{view, [&](std::int64_t) -> read_result {
                            ++reads;
                            return std::vector<recorded_event>{};
                          }};
  follow.handle(committed(region_created{germany(), "seed", 1}, 1));
  ASSERT_EQ(view.version(), 1);
  EXPECT_NE(view.get()->find_region("reg_1"), nullptr);
  auto first = view.get();
  follow.handle(committed(region_created{germany(), "seed", 1}, 1));
  follow.handle(committed(product_created{pizza_box(), "x", 2}, 2, "cart-1"));
  follow.handle(
    committed(product_created{pizza_box(), "x", 2}, 2, "catalog-old"));
  EXPECT_EQ(view.get(), first); // nothing new published
  follow.handle(committed(product_created{pizza_box(), "x", 2}, 2));
  EXPECT_EQ(view.version(), 2);
  EXPECT_NE(view.get()->find_product("prod_1"), nullptr);
  EXPECT_EQ(reads, 0);
}

TEST(CatalogFollower, AnEventPastAGapMakesItReadTheStreamFromTheViewsVersion) {
  std::vector<recorded_event> stream{
    committed(region_created{germany(), "seed", 1}, 1),
    committed(product_created{pizza_box(), "x", 2}, 2),
    committed(product_deleted{"prod_1", "x", 3}, 3)};
  catalog_view view;
  std::vector<std::int64_t> read_from;
  catalog_follower follow{view, [&](std::int64_t from) -> read_result {
                            read_from.push_back(from);
                            return std::vector<recorded_event>(
                              stream.begin() + (from - 1), stream.end());
                          }};
  follow.handle(stream[0]);
  follow.handle(stream[2]); // version 2 was missed
  EXPECT_EQ(read_from, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(view.version(), 3);
  EXPECT_NE(view.get()->find_region("reg_1"), nullptr);
  EXPECT_EQ(view.get()->find_product("prod_1"), nullptr);
  follow.handle(stream[1]); // late: in the view already
  EXPECT_EQ(view.version(), 3);
  EXPECT_EQ(view.get()->find_product("prod_1"), nullptr);
}

TEST(CatalogFollower, AFailedReadOrAnUndecodableEventLeavesTheViewAndThrows) {
  catalog_view view;
  catalog_follower follow{
    view, [](std::int64_t) -> read_result {
      return store_error{store_errc::unavailable, "PostgreSQL unavailable"};
    }};
  EXPECT_FALSE(follow.catch_up());
  EXPECT_THROW(
    follow.handle(committed(product_created{pizza_box(), "x", 2}, 2)),
    std::runtime_error);
  auto bad = committed(region_created{germany(), "seed", 1}, 1);
  bad.type = "catalog.region_renamed.v9";
  EXPECT_THROW(follow.handle(bad), std::runtime_error);
  EXPECT_EQ(view.version(), 0);
  EXPECT_TRUE(view.get()->regions.empty());
}

TEST(Units, AmountsGoToMajorUnitsExactlyAndBack) {
  EXPECT_EQ(major_units(2000, "eur"), "20");
  EXPECT_EQ(major_units(1999, "eur"), "19.99");
  EXPECT_EQ(major_units(5, "eur"), "0.05");
  EXPECT_EQ(major_units(-150, "eur"), "-1.5");
  EXPECT_EQ(major_units(500, "jpy"), "500");
  EXPECT_EQ(minor_units("19.99", "eur"), 1999);
  EXPECT_EQ(minor_units("20", "eur"), 2000);
  EXPECT_EQ(minor_units("0.5", "eur"), 50);
  EXPECT_EQ(minor_units("1.999", "eur"), std::nullopt);
  EXPECT_EQ(minor_units("1e3", "eur"), std::nullopt);
  // Past the range of int64 is refused, never wrapped: the last digit too.
  EXPECT_EQ(minor_units("92233720368547758.07", "eur"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(minor_units("92233720368547758.08", "eur"), std::nullopt);
  EXPECT_EQ(minor_units("922337203685477580.9", "eur"), std::nullopt);
  EXPECT_EQ(minor_units("99999999999999999999", "jpy"), std::nullopt);
  EXPECT_EQ(minor_units("99999999999999999999", "eur"), std::nullopt);
}

TEST(Units, TimesAreUtcWithMilliseconds) {
  EXPECT_EQ(iso_time(1764166398960), "2025-11-26T14:13:18.960Z");
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00.000Z");
}

TEST(Ids, MedusaStyleIdsArePrefixedUlidsSortableByTime) {
  auto a = make_id("prod");
  std::this_thread::sleep_for(std::chrono::milliseconds{2});
  auto b = make_id("prod");
  EXPECT_EQ(a.size(), 5u + 26u);
  EXPECT_EQ(a.rfind("prod_", 0), 0u);
  EXPECT_LT(a, b);
  EXPECT_EQ(a.find_first_not_of("prod_0123456789ABCDEFGHJKMNPQRSTVWXYZ"),
            std::string::npos);
}

// Ids are capabilities: one made in the same millisecond as another must
// not be guessable from it (ids from a counter differ in their last digits).
TEST(Ids, IdsOfOneMillisecondShareNoRandomPrefix) {
  std::vector<std::string> burst;
  for (int i = 0; i < 2000; ++i)
    burst.push_back(make_id("x"));
  std::set<std::string> distinct(burst.begin(), burst.end());
  EXPECT_EQ(distinct.size(), burst.size());
  int same_ms = 0;
  for (size_t i = 1; i < burst.size(); ++i) {
    auto time = [](const std::string& id) { return id.substr(2, 10); };
    auto random_head = [](const std::string& id) { return id.substr(12, 8); };
    if (time(burst[i]) != time(burst[i - 1]))
      continue;
    ++same_ms;
    // 40 random bits in common by chance: 1 in 2^40.
    EXPECT_NE(random_head(burst[i]), random_head(burst[i - 1]))
      << burst[i - 1] << " then " << burst[i];
  }
  EXPECT_GT(same_ms, 0); // the burst did put ids into one millisecond
}

} // namespace
} // namespace souk::catalog

namespace souk::catalog {
namespace {

// -- collections and categories ----------------------------------------------

catalog_state apply_all(catalog_state s, const decision& d) {
  EXPECT_TRUE(d) << d.error().message;
  if (d)
    for (auto& e : *d)
      s = evolve(std::move(s), e);
  return s;
}

category named(std::string id, std::string name, std::string parent = "") {
  category c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.parent_category_id = std::move(parent);
  return c;
}

// The ids under `parent`, by rank, with their ranks.
std::vector<std::pair<std::string, std::int64_t>>
row(const catalog_state& s, const std::string& parent) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (auto* c : s.children_of(parent))
    out.emplace_back(c->id, c->rank);
  return out;
}

TEST(CatalogGroups, ACollectionGetsAHandleAndHandlesAreUnique) {
  auto s = apply_all(
    {},
    decide({}, create_collection{{"pcol_1", "Summer Sale", "", 0, 0}, "x", 5}));
  EXPECT_EQ(s.find_collection("pcol_1")->handle, "summer-sale");
  EXPECT_EQ(s.find_collection("pcol_1")->created_at, 5);
  auto again
    = decide(s, create_collection{{"pcol_2", "Summer sale", "", 0, 0}, "x", 6});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, domain_errc::already_exists);
  EXPECT_EQ(
    decide(s, create_collection{{"pcol_3", "", "", 0, 0}, "x", 6}).error().code,
    domain_errc::invalid_argument);
  EXPECT_EQ(
    decide(s, update_collection{"pcol_x", "T", {}, "x", 7}).error().message,
    "Product collection with id: pcol_x was not found");
}

// Products go into a collection and out of it, and a deleted collection
// leaves its products in none; an unknown product is refused.
TEST(CatalogGroups, ProductsJoinAndLeaveACollection) {
  auto s = with({product_created{pizza_box(), "x", 1}});
  s = apply_all(
    s, decide(s, create_collection{{"pcol_1", "Boxes", "", 0, 0}, "x", 2}));
  using k = group_products::kind;
  s = apply_all(
    s,
    decide(s, group_products{k::collection, "pcol_1", {"prod_1"}, {}, "x", 3}));
  EXPECT_EQ(s.find_product("prod_1")->collection_id, "pcol_1");
  EXPECT_EQ(s.find_product("prod_1")->updated_at, 3);
  EXPECT_TRUE(
    decide(s, group_products{k::collection, "pcol_1", {"prod_1"}, {}, "x", 4})
      ->empty())
    << "already in it: no change";
  EXPECT_EQ(
    decide(s, group_products{k::collection, "pcol_1", {"prod_x"}, {}, "x", 4})
      .error()
      .message,
    "Product with id: prod_x was not found");
  auto gone = apply_all(s, decide(s, delete_collection{"pcol_1", "x", 5}));
  EXPECT_EQ(gone.find_product("prod_1")->collection_id, "");
  s = apply_all(
    s,
    decide(s, group_products{k::collection, "pcol_1", {}, {"prod_1"}, "x", 6}));
  EXPECT_EQ(s.find_product("prod_1")->collection_id, "");
}

// A product's collection and categories must exist.
TEST(CatalogGroups, AProductNamesOnlyGroupsThatExist) {
  auto p = pizza_box();
  p.collection_id = "pcol_x";
  EXPECT_EQ(decide({}, create_product{p, "x", 1}).error().message,
            "Product collection with id: pcol_x was not found");
  p.collection_id.clear();
  p.category_ids = {"pcat_x"};
  EXPECT_EQ(decide({}, create_product{p, "x", 1}).error().message,
            "Product category with id: pcat_x was not found");
}

// New categories go last among their siblings unless a rank says where;
// a move renumbers the row it leaves and the row it joins, with no gaps.
TEST(CatalogGroups, CategoryRanksStayDenseWhenCategoriesComeMoveAndGo) {
  catalog_state s;
  for (auto* id : {"a", "b", "c"})
    s = apply_all(s, decide(s, create_category{named(id, id), {}, "x", 1}));
  EXPECT_EQ(row(s, ""), (decltype(row(s, "")){{"a", 0}, {"b", 1}, {"c", 2}}));
  s = apply_all(s, decide(s, create_category{named("d", "d"), 0, "x", 2}));
  EXPECT_EQ(row(s, ""),
            (decltype(row(s, "")){{"d", 0}, {"a", 1}, {"b", 2}, {"c", 3}}));
  update_category to_end{"d", {}, {}, {}, {}, 99, {}, {}, "x", 3};
  s = apply_all(s, decide(s, to_end));
  EXPECT_EQ(row(s, ""),
            (decltype(row(s, "")){{"a", 0}, {"b", 1}, {"c", 2}, {"d", 3}}));
  update_category under_a{"b", {}, {}, {},  std::string{"a"},
                          {},  {}, {}, "x", 4};
  s = apply_all(s, decide(s, under_a));
  EXPECT_EQ(row(s, ""), (decltype(row(s, "")){{"a", 0}, {"c", 1}, {"d", 2}}));
  EXPECT_EQ(row(s, "a"), (decltype(row(s, "")){{"b", 0}}));
  s = apply_all(s, decide(s, delete_category{"c", "x", 5}));
  EXPECT_EQ(row(s, ""), (decltype(row(s, "")){{"a", 0}, {"d", 1}}));
}

TEST(CatalogGroups, TheTreeHasNoCyclesAndNoOrphans) {
  catalog_state s;
  s = apply_all(s, decide(s, create_category{named("a", "A"), {}, "x", 1}));
  s = apply_all(s,
                decide(s, create_category{named("b", "B", "a"), {}, "x", 2}));
  update_category loop{"a", {}, {}, {}, std::string{"b"}, {}, {}, {}, "x", 3};
  EXPECT_EQ(decide(s, loop).error().message,
            "A category cannot be placed under itself or one of its children");
  EXPECT_EQ(decide(s, delete_category{"a", "x", 4}).error().message,
            "Deleting ProductCategory (a) with category children is not "
            "allowed");
  EXPECT_EQ(decide(s, create_category{named("c", "C", "z"), {}, "x", 5})
              .error()
              .message,
            "Parent category with id: z was not found");
  EXPECT_EQ(
    decide(s, create_category{named("d", "a"), {}, "x", 5}).error().code,
    domain_errc::already_exists)
    << "handle 'a' is taken";
}

// The store sees a category only when it and every ancestor are active and
// public; a deleted category leaves its products.
TEST(CatalogGroups, AnInactiveOrInternalAncestorHidesTheSubtree) {
  catalog_state s;
  s = apply_all(s, decide(s, create_category{named("a", "A"), {}, "x", 1}));
  s = apply_all(s,
                decide(s, create_category{named("b", "B", "a"), {}, "x", 2}));
  EXPECT_TRUE(s.shown_to_store(*s.find_category("b")));
  update_category hide{"a", {}, {}, {}, {}, {}, false, {}, "x", 3};
  auto hidden = apply_all(s, decide(s, hide));
  EXPECT_FALSE(hidden.shown_to_store(*hidden.find_category("b")));
  hide.is_active.reset();
  hide.is_internal = true;
  hidden = apply_all(s, decide(s, hide));
  EXPECT_FALSE(hidden.shown_to_store(*hidden.find_category("a")));
  s = apply_all(s, decide(s, create_product{[] {
                                              auto p = pizza_box();
                                              p.category_ids = {"b"};
                                              return p;
                                            }(),
                                            "x", 4}));
  s = apply_all(s, decide(s, delete_category{"b", "x", 5}));
  EXPECT_TRUE(s.find_product("prod_1")->category_ids.empty());
}

} // namespace
} // namespace souk::catalog

namespace souk::catalog {
namespace {

promotion ten_percent(std::string id = "promo_1", std::string code = "TEN") {
  promotion p;
  p.id = std::move(id);
  p.code = std::move(code);
  p.value = 1000;
  return p;
}

// Codes are unique without case; a promotion's terms make sense or are
// refused with the field named.
TEST(CatalogPromotions, ACodesTermsAreChecked) {
  auto s = apply_all({}, decide({}, create_promotion{ten_percent(), "x", 1}));
  EXPECT_EQ(s.find_promotion_code("ten")->id, "promo_1");
  EXPECT_EQ(decide(s, create_promotion{ten_percent("promo_2", "Ten"), "x", 2})
              .error()
              .code,
            domain_errc::already_exists);
  auto bad = [&s](auto edit) {
    auto p = ten_percent("promo_3", "NEW");
    edit(p);
    auto d = decide(s, create_promotion{p, "x", 3});
    return d ? std::string{"accepted"} : d.error().message;
  };
  EXPECT_EQ(bad([](promotion& p) { p.code = "with space"; }),
            "code must be 1 to 64 letters, digits, - or _");
  EXPECT_EQ(bad([](promotion& p) { p.value = 10001; }),
            "a percentage is at most 100");
  EXPECT_EQ(bad([](promotion& p) { p.method = "fixed"; }),
            "a fixed amount needs application_method.currency_code");
  EXPECT_EQ(bad([](promotion& p) { p.target = "shipping_methods"; }),
            "application_method.target_type must be order or items (souk "
            "does not discount shipping)");
  EXPECT_EQ(bad([](promotion& p) {
              p.target = "items";
              p.product_ids = {"prod_x"};
            }),
            "Product with id: prod_x was not found");
  EXPECT_EQ(bad([](promotion& p) {
              p.starts_at = 10;
              p.ends_at = 5;
            }),
            "ends_at must be after starts_at");
  EXPECT_EQ(bad([](promotion& p) { p.allocation = "each"; }),
            "allocation each is a fixed amount off every unit of the targeted "
            "items: target_type items, type fixed");
  auto edited = ten_percent();
  edited.value = 2000;
  auto after = apply_all(s, decide(s, update_promotion{edited, "x", 4}));
  EXPECT_EQ(after.promotions.at("promo_1").value, 2000);
  EXPECT_EQ(after.promotions.at("promo_1").created_at, 1);
  EXPECT_EQ(after.promotions.at("promo_1").updated_at, 4);
  auto gone = apply_all(s, decide(s, delete_promotion{"promo_1", "x", 5}));
  EXPECT_EQ(gone.find_promotion_code("TEN"), nullptr);
}

} // namespace
} // namespace souk::catalog
