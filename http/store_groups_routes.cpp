// Store API: product collections and the category tree (Medusa v2's
// /store/collections and /store/product-categories).
#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/json_writer.hpp"
#include "http/catalog_json.hpp"
#include "http/field_selection.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"

#include <algorithm>

namespace souk {

namespace {

using catalog::catalog_state;

bool listed(const std::vector<std::string>& wanted, const std::string& v) {
  return wanted.empty()
         || std::find(wanted.begin(), wanted.end(), v) != wanted.end();
}

field_selection selection_of(const request& req) {
  // The router refused a malformed `fields`.
  auto parsed = parse_fields(req.query_param("fields").value_or(""));
  return parsed ? *parsed : field_selection{};
}

// The published products of a collection or category, as {id, title,
// handle} (the storefront counts them and links to them).
template <class Pred>
void write_product_refs(json_writer& w, const catalog_state& catalog,
                        Pred in_group) {
  w.key("products").begin_array();
  for (auto* p : catalog.products_by_creation())
    if (p->status == "published" && in_group(*p))
      w.begin_object()
        .key("id")
        .value(p->id)
        .key("title")
        .value(p->title)
        .key("handle")
        .value(p->handle)
        .end_object();
  w.end_array();
}

void write_collection_json(json_writer& w, const catalog_state& catalog,
                           const catalog::collection& c,
                           const field_selection& fields) {
  write_collection_fields(w.begin_object(), c);
  if (fields.wants("products"))
    write_product_refs(w, catalog, [&c](const catalog::product& p) {
      return p.collection_id == c.id;
    });
  w.end_object();
}

http_response list_collections(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto ids = req.query_values("id");
  auto handles = req.query_values("handle");
  auto titles = req.query_values("title");
  auto fields = selection_of(req);
  std::vector<const catalog::collection*> rows;
  for (auto& [id, c] : catalog->collections)
    if (listed(ids, c.id) && listed(handles, c.handle)
        && listed(titles, c.title))
      rows.push_back(&c);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
    return a->created_at < b->created_at;
  });
  json_writer w;
  w.begin_object().key("collections").begin_array();
  std::int64_t n = 0;
  for (auto* c : rows)
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_collection_json(w, *catalog, *c, fields);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

http_response get_collection(const services& ctx, request& req) {
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto* c = catalog->find_collection(req.param("id"));
  if (!c)
    return error_response(http::status::not_found, "not_found",
                          "Collection with id: " + req.param("id")
                            + " was not found");
  json_writer w;
  w.begin_object().key("collection");
  write_collection_json(w, *catalog, *c, selection_of(req));
  w.end_object();
  return json_response(http::status::ok, w.take());
}

/// The levels of the tree an answer walks, down or up: deeper ones are
/// left out (a shop's tree is a handful of levels).
constexpr std::size_t max_tree_depth = 16;

// What a category answer holds around the category itself.
struct tree_options {
  bool descendants = false; // include_descendants_tree
  bool ancestors = false;   // include_ancestors_tree, or *parent_category
  bool products = false;    // *products
};

void write_category_node(json_writer& w, const catalog_state& catalog,
                         const catalog::category& c, const tree_options& o,
                         bool children_deep, std::size_t depth = 0);

void write_parent(json_writer& w, const catalog_state& catalog,
                  const catalog::category& c, const tree_options& o,
                  std::size_t depth) {
  w.key("parent_category");
  auto* parent = catalog.find_category(c.parent_category_id);
  if (!parent || depth >= max_tree_depth) {
    w.null();
    return;
  }
  w.begin_object();
  write_category_fields(w, *parent, product_view::store);
  if (o.ancestors)
    write_parent(w, catalog, *parent, o, depth + 1);
  w.end_object();
}

void write_category_node(json_writer& w, const catalog_state& catalog,
                         const catalog::category& c, const tree_options& o,
                         bool children_deep, std::size_t depth) {
  w.begin_object();
  write_category_fields(w, c, product_view::store);
  // The ancestors once, on the category asked for: its descendants' are
  // the path down to them (and a deep tree would repeat them per node).
  if (depth == 0)
    write_parent(w, catalog, c, o, 0);
  w.key("category_children").begin_array();
  for (auto* child : catalog.children_of(c.id)) {
    if (!catalog.shown_to_store(*child))
      continue;
    if (children_deep && depth < max_tree_depth)
      write_category_node(w, catalog, *child, o, true, depth + 1);
    else {
      w.begin_object();
      write_category_fields(w, *child, product_view::store);
      w.key("category_children").begin_array().end_array();
      w.end_object();
    }
  }
  w.end_array();
  if (o.products)
    write_product_refs(w, catalog, [&c](const catalog::product& p) {
      return std::find(p.category_ids.begin(), p.category_ids.end(), c.id)
             != p.category_ids.end();
    });
  w.end_object();
}

expected<tree_options, http_response> read_tree(const request& req) {
  tree_options o;
  for (auto [name, flag] :
       {std::pair{"include_descendants_tree", &o.descendants},
        std::pair{"include_ancestors_tree", &o.ancestors}}) {
    auto v = req.query_param(name);
    if (!v)
      continue;
    if (*v != "true" && *v != "false")
      return error_response(http::status::bad_request, "invalid_data",
                            std::string{"Invalid request: "} + name
                              + " must be true or false");
    *flag = *v == "true";
  }
  auto fields = selection_of(req);
  o.products = fields.wants("products");
  o.ancestors = o.ancestors || fields.wants("parent_category.parent_category");
  return o;
}

http_response list_categories(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto tree = read_tree(req);
  if (!tree)
    return tree.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto ids = req.query_values("id");
  auto handles = req.query_values("handle");
  auto names = req.query_values("name");
  auto parent = req.query_param("parent_category_id");
  auto q = ascii_lower(req.query_param("q").value_or(""));
  std::vector<const catalog::category*> rows;
  for (auto& [id, c] : catalog->categories) {
    if (!catalog->shown_to_store(c) || !listed(ids, c.id)
        || !listed(handles, c.handle) || !listed(names, c.name))
      continue;
    // `parent_category_id=null` asks for the top level.
    if (parent && c.parent_category_id != (*parent == "null" ? "" : *parent))
      continue;
    if (!q.empty() && ascii_lower(c.name).find(q) == std::string::npos
        && ascii_lower(c.handle).find(q) == std::string::npos)
      continue;
    rows.push_back(&c);
  }
  // By rank (each among its siblings), then by creation.
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
    return a->rank != b->rank ? a->rank < b->rank
                              : a->created_at < b->created_at;
  });
  json_writer w;
  w.begin_object().key("product_categories").begin_array();
  std::int64_t n = 0;
  for (auto* c : rows)
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_category_node(w, *catalog, *c, *tree, tree->descendants);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

http_response get_category(const services& ctx, request& req) {
  auto tree = read_tree(req);
  if (!tree)
    return tree.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  auto* c = catalog->find_category(req.param("id"));
  if (!c || !catalog->shown_to_store(*c))
    return error_response(http::status::not_found, "not_found",
                          "Product category with id: " + req.param("id")
                            + " was not found");
  json_writer w;
  w.begin_object().key("product_category");
  write_category_node(w, *catalog, *c, *tree, tree->descendants);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

} // namespace

void add_store_group_routes(router& r, services& ctx) {
  using http::verb;
  auto store = access::store();
  r.add_sync(verb::get, "/store/collections", store,
             {"List collections (limit, offset, id, handle, fields=*products)",
              "", "StoreCollectionListResponse"},
             [&ctx](request& req) { return list_collections(ctx, req); });
  r.add_sync(verb::get, "/store/collections/:id", store,
             {"Get a collection", "", "StoreCollectionResponse"},
             [&ctx](request& req) { return get_collection(ctx, req); });
  r.add_sync(verb::get, "/store/product-categories", store,
             {"List the active, public categories (parent_category_id, "
              "handle, include_descendants_tree, fields=*products)",
              "", "StoreProductCategoryListResponse"},
             [&ctx](request& req) { return list_categories(ctx, req); });
  r.add_sync(verb::get, "/store/product-categories/:id", store,
             {"Get a category", "", "StoreProductCategoryResponse"},
             [&ctx](request& req) { return get_category(ctx, req); });
}

} // namespace souk
