#pragma once

#include "actors/runtime/json_writer.hpp"
#include <functional>
#include <memory>

#include "http/router.hpp"
#include "http/services.hpp"
#include "persistence/order_list.hpp"

namespace souk {

// The route groups; each is added by the module that owns it
// (http/modules/), the runtime's by server_app.

/// GET /health (no state).
void add_health_routes(router& r);
/// /health, /health/ready (the database has `migrations` applied),
/// /openapi.json (`description`, filled once the table is complete) and
/// /metrics (`metrics()` renders it, on the db pool).
void add_runtime_routes(router& r, services& ctx, std::int64_t migrations,
                        std::shared_ptr<const std::string> description,
                        std::function<std::string()> metrics);
/// The workflow engine's executions (admin).
void add_workflow_routes(router& r, services& ctx);
/// Medusa's /store catalog routes (publishable key required).
void add_store_routes(router& r, services& ctx);
/// Medusa's /store/collections and /store/product-categories.
void add_store_group_routes(router& r, services& ctx);
/// Admin collections and categories, and their products.
void add_admin_group_routes(router& r, services& ctx);
/// Admin promotions, and a cart's promotion codes.
void add_promotion_routes(router& r, services& ctx);
/// Carts, shipping options and payment collections under /store.
void add_cart_routes(router& r, services& ctx);
/// Sign-in, sign-up, token refresh and customer profiles.
void add_auth_routes(router& r, services& ctx);
/// E-mail verification: /auth/verification/request and /confirm.
void add_verification_routes(router& r, services& ctx);
/// The signed-in customer's profile and addresses.
void add_customer_routes(router& r, services& ctx);
/// Admin orders: list, read and move through fulfilment.
void add_admin_order_routes(router& r, services& ctx);
/// Admin product management.
void add_admin_product_routes(router& r, services& ctx);
/// Admin regions and shipping options.
void add_admin_region_routes(router& r, services& ctx);
/// Admin stock per variant.
void add_admin_inventory_routes(router& r, services& ctx);
/// Completing carts (checkout).
void add_checkout_routes(router& r, services& ctx);
/// The customer's orders.
void add_order_routes(router& r, services& ctx);

/// {regions, count, offset, limit} and {region} from the catalog view
/// (the store's and the admin's are the same).
http_response list_regions(const services& ctx, request& req);
http_response get_region(const services& ctx, request& req);

/// `limit` and `offset` of a list request.
struct page {
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

/// Reads `limit`/`offset` (non-negative integers; limit defaults to 50),
/// or the 400 naming the bad one.
expected<page, http_response> read_page(const request& req);

/// Answers {type: "order", order} with order `order_id` as it is now.
void answer_placed_order(services& ctx, const std::string& order_id,
                         responder respond);

/// Answers {orders, count, offset, limit} from the order-list read model.
void answer_order_page(services& ctx, order_filter filter, responder respond);

/// Closes a list object: `"count", "offset", "limit"`, then `}`.
void write_page(json_writer& w, std::int64_t count, const page& p);

} // namespace souk
