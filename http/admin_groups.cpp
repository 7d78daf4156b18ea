// Admin API: product collections and categories, and which products are in
// them (Medusa v2's /admin/collections and /admin/product-categories).
// Writes go through the catalog entity and are in the in-memory view
// before the answer.
#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/catalog_json.hpp"
#include "http/catalog_write.hpp"
#include "http/json_body.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

using catalog::catalog_state;
using kind = catalog::group_products::kind;

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        std::move(message));
}

http_response collection_response(const catalog_state& s,
                                  const std::string& id) {
  json_writer w;
  w.begin_object().key("collection");
  write_collection(w, *s.find_collection(id));
  w.end_object();
  return json_response(http::status::ok, w.take());
}

// A category as the admin sees it: every field, its parent's id and its
// direct children.
void write_admin_category(json_writer& w, const catalog_state& s,
                          const catalog::category& c) {
  w.begin_object();
  write_category_fields(w, c, product_view::admin);
  w.key("category_children").begin_array();
  for (auto* child : s.children_of(c.id))
    write_category_fields(w.begin_object(), *child, product_view::admin)
      .end_object();
  w.end_array().end_object();
}

http_response category_response(const catalog_state& s, const std::string& id) {
  json_writer w;
  w.begin_object().key("product_category");
  write_admin_category(w, s, *s.find_category(id));
  w.end_object();
  return json_response(http::status::ok, w.take());
}

// {add: [...], remove: [...]} of product ids into `c`.
std::optional<std::string> read_members(const request& req,
                                        catalog::group_products& c) {
  return read_body(req.raw.body(),
                   {{"add", strings(c.add)}, {"remove", strings(c.remove)}});
}

http_response list_collections(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  json_writer w;
  w.begin_object().key("collections").begin_array();
  std::int64_t n = 0;
  for (auto& [id, c] : catalog->collections)
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_collection(w, c);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

http_response list_categories(const services& ctx, request& req) {
  auto page = read_page(req);
  if (!page)
    return page.error();
  auto catalog = ctx.get<catalog::catalog_view>().get();
  json_writer w;
  w.begin_object().key("product_categories").begin_array();
  std::int64_t n = 0;
  for (auto& [id, c] : catalog->categories)
    if (n++ >= page->offset && n <= page->offset + page->limit)
      write_admin_category(w, *catalog, c);
  w.end_array();
  write_page(w, n, *page);
  return json_response(http::status::ok, w.take());
}

} // namespace

void add_admin_group_routes(router& r, services& ctx) {
  using http::verb;
  auto admin = access::admin();
  r.add_sync(verb::get, "/admin/collections", admin, "List collections",
             [&ctx](request& req) { return list_collections(ctx, req); });
  r.add_sync(verb::get, "/admin/collections/:id", admin, "Get a collection",
             [&ctx](request& req) {
               auto s = ctx.get<catalog::catalog_view>().get();
               if (!s->find_collection(req.param("id")))
                 return error_response(http::status::not_found, "not_found",
                                       "Product collection with id: "
                                         + req.param("id") + " was not found");
               return collection_response(*s, req.param("id"));
             });
  r.add(
    verb::post, "/admin/collections", admin,
    "Create a collection (title, handle)",
    [&ctx](request_ptr req, responder res) {
      catalog::collection c;
      if (auto bad = read_body(req->raw.body(), {{"title", text(c.title)},
                                                 {"handle", text(c.handle)},
                                                 {"metadata", ignored()}}))
        return res(bad_request(*bad));
      if (c.title.empty())
        return res(bad_request("Invalid request: Field 'title' is required"));
      c.id = make_id("pcol");
      auto id = c.id;
      catalog_write(
        ctx, catalog::create_collection{c, actor_of(*req), now_ms()}, res,
        [id](const catalog_state& s) { return collection_response(s, id); });
    });
  r.add(verb::post, "/admin/collections/:id", admin,
        "Update a collection (title, handle)",
        [&ctx](request_ptr req, responder res) {
          catalog::update_collection u;
          u.collection_id = req->param("id");
          if (auto bad = read_body(req->raw.body(), {{"title", text(u.title)},
                                                     {"handle", text(u.handle)},
                                                     {"metadata", ignored()}}))
            return res(bad_request(*bad));
          u.by = actor_of(*req);
          u.at = now_ms();
          auto id = u.collection_id;
          catalog_write(ctx, u, res, [id](const catalog_state& s) {
            return collection_response(s, id);
          });
        });
  r.add(verb::delete_, "/admin/collections/:id", admin, "Delete a collection",
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(
            ctx, catalog::delete_collection{id, actor_of(*req), now_ms()}, res,
            [id](const catalog_state&) {
              return deleted_response(id, "collection");
            });
        });
  r.add(verb::post, "/admin/collections/:id/products", admin,
        "Add products to a collection and remove others ({add, remove})",
        [&ctx](request_ptr req, responder res) {
          catalog::group_products g{kind::collection, req->param("id"), {}, {},
                                    actor_of(*req),   now_ms()};
          if (auto bad = read_members(*req, g))
            return res(bad_request(*bad));
          auto id = g.group_id;
          catalog_write(ctx, g, res, [id](const catalog_state& s) {
            return collection_response(s, id);
          });
        });
  r.add_sync(verb::get, "/admin/product-categories", admin, "List categories",
             [&ctx](request& req) { return list_categories(ctx, req); });
  r.add_sync(verb::get, "/admin/product-categories/:id", admin,
             "Get a category", [&ctx](request& req) {
               auto s = ctx.get<catalog::catalog_view>().get();
               if (!s->find_category(req.param("id")))
                 return error_response(http::status::not_found, "not_found",
                                       "Product category with id: "
                                         + req.param("id") + " was not found");
               return category_response(*s, req.param("id"));
             });
  auto category_fields = [](catalog::update_category& u) {
    return field_readers{
      {"name", text(u.name)},
      {"handle", text(u.handle)},
      {"description", text(u.description, max_long_text_bytes)},
      {"parent_category_id", text_or_null(u.parent_category_id)},
      {"rank", integer(u.rank)},
      {"is_active", boolean(u.is_active)},
      {"is_internal", boolean(u.is_internal)},
      {"metadata", ignored()}};
  };
  r.add(
    verb::post, "/admin/product-categories", admin,
    "Create a category (name, handle, parent_category_id, rank, "
    "is_active, is_internal)",
    [&ctx, category_fields](request_ptr req, responder res) {
      catalog::update_category u;
      if (auto bad = read_body(req->raw.body(), category_fields(u)))
        return res(bad_request(*bad));
      if (!u.name || u.name->empty())
        return res(bad_request("Invalid request: Field 'name' is required"));
      catalog::category c;
      c.id = make_id("pcat");
      c.name = *u.name;
      c.handle = u.handle.value_or("");
      c.description = u.description.value_or("");
      c.parent_category_id = u.parent_category_id.value_or("");
      c.is_active = u.is_active.value_or(true);
      c.is_internal = u.is_internal.value_or(false);
      auto id = c.id;
      catalog_write(
        ctx, catalog::create_category{c, u.rank, actor_of(*req), now_ms()}, res,
        [id](const catalog_state& s) { return category_response(s, id); });
    });
  r.add(verb::post, "/admin/product-categories/:id", admin,
        "Update a category; a new rank or parent renumbers the siblings",
        [&ctx, category_fields](request_ptr req, responder res) {
          catalog::update_category u;
          if (auto bad = read_body(req->raw.body(), category_fields(u)))
            return res(bad_request(*bad));
          u.category_id = req->param("id");
          u.by = actor_of(*req);
          u.at = now_ms();
          auto id = u.category_id;
          catalog_write(ctx, u, res, [id](const catalog_state& s) {
            return category_response(s, id);
          });
        });
  r.add(verb::delete_, "/admin/product-categories/:id", admin,
        "Delete a category without children",
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          catalog_write(ctx,
                        catalog::delete_category{id, actor_of(*req), now_ms()},
                        res, [id](const catalog_state&) {
                          return deleted_response(id, "product_category");
                        });
        });
  r.add(verb::post, "/admin/product-categories/:id/products", admin,
        "Add products to a category and remove others ({add, remove})",
        [&ctx](request_ptr req, responder res) {
          catalog::group_products g{kind::category, req->param("id"), {}, {},
                                    actor_of(*req), now_ms()};
          if (auto bad = read_members(*req, g))
            return res(bad_request(*bad));
          auto id = g.group_id;
          catalog_write(ctx, g, res, [id](const catalog_state& s) {
            return category_response(s, id);
          });
        });
}

} // namespace souk
