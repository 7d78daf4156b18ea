#pragma once

#include "actors/runtime/json_writer.hpp"
#include "http/app_context.hpp"
#include "http/router.hpp"
#include "persistence/order_list.hpp"

namespace souk {

/// The whole HTTP API: every route with who may call it, listed in
/// routes.cpp; the access gate enforces them.
router make_routes(app_context& ctx);

/// The route handler that calls `fn(ctx, request, responder)`.
template <class Fn>
route_handler with_context(app_context& ctx, Fn fn) {
  return [&ctx, fn](request_ptr req, responder res) {
    fn(ctx, std::move(req), std::move(res));
  };
}

/// Routes with no state: /health.
void add_health_routes(router& r);
/// Medusa's /store catalog routes (publishable key required).
void add_store_routes(router& r, app_context& ctx);
/// Carts, shipping options and payment collections under /store.
void add_cart_routes(router& r, app_context& ctx);
/// Sign-in, sign-up, token refresh and customer profiles.
void add_auth_routes(router& r, app_context& ctx);
/// The signed-in customer's profile and addresses.
void add_customer_routes(router& r, app_context& ctx);
/// The admin API.
void add_admin_routes(router& r, app_context& ctx);
/// Admin product management.
void add_admin_product_routes(router& r, app_context& ctx);
/// Admin regions and shipping options.
void add_admin_region_routes(router& r, app_context& ctx);
/// Admin stock per variant.
void add_admin_inventory_routes(router& r, app_context& ctx);
/// Completing carts (checkout) and reading orders.
void add_order_routes(router& r, app_context& ctx);

/// {regions, count, offset, limit} and {region} from the catalog view
/// (the store's and the admin's are the same).
http_response list_regions(const app_context& ctx, request& req);
http_response get_region(const app_context& ctx, request& req);

/// `limit` and `offset` of a list request.
struct page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

/// Reads `limit`/`offset` (non-negative integers; limit defaults to 50),
/// or the 400 naming the bad one.
expected<page, http_response> read_page(const request& req);

/// Answers {orders, count, offset, limit} from the order-list read model.
void answer_order_page(app_context& ctx, order_filter filter,
                       responder respond);

/// Closes a list object: `"count", "offset", "limit"`, then `}`.
void write_page(json_writer& w, std::int64_t count, const page& p);

} // namespace souk
