#pragma once

#include <vector>

#include "actors/notifications/notifier.hpp"
#include "http/module.hpp"

namespace souk {

// souk's own modules, each in its own file here. A shop's module is
// written the same way (docs/extending.md) and listed in `souk_modules`.

/// The notifier (e-mail or the log), from [notifications].
module notifications_module(notifications::notifier_hooks hooks = {});
/// Products, regions, shipping options, publishable keys: one entity
/// "main", its in-memory view fed from its committed events, the store's
/// catalog routes and the admin's.
module catalog_module();
/// Stock per variant: reservations, releases, consumption; admin stock.
module inventory_module();
/// Carts and their payment collections (needs catalog).
module cart_module();
/// Promotion codes: the admin's /admin/promotions, a cart's codes
/// (/store/carts/:id/promotions) and the uses of limited codes (needs
/// catalog; checkout takes the uses).
module promotions_module();
/// Orders and their display numbers, the order list, the customer's and
/// the admin's order routes.
module order_module();
/// Completing a cart (the checkout workflow), the order confirmation mail
/// and the stock settlement of cancelled and fulfilled orders (needs
/// catalog, inventory, cart, order, notifications).
module checkout_module();
/// Sign-in, sign-up, tokens, customer profiles and addresses.
module customers_module();

/// What a test may change in the tickets module.
struct tickets_options {
  /// Called after each ticket the create-tickets step opened; a message
  /// fails the try there (see `create_tickets_deps::after_open`).
  std::function<std::optional<std::string>(const workflows::step_context&,
                                           std::size_t opened)>
    after_open;
  /// Called before the workflow emits `tickets.created`; a message fails
  /// the try.
  std::function<std::optional<std::string>(const workflows::step_context&)>
    before_emit;
};

/// The worked example of a module (docs/extending.md): every order item
/// becomes a ticket the customer and support work on together. Its entity,
/// read model, file store, workflows (create-tickets, ticket-mail), mails,
/// routes and the `souk tickets backfill` command (needs order, catalog,
/// notifications, customers).
module tickets_module(tickets_options opts = {});
/// Live updates: GET /ws pushes ticket and order changes as they commit
/// (docs/live.md).
module live_module();
/// The built web UI (web/dist, `web-dir`): the admin at /app, the
/// storefront and account at /, for GETs no API route takes (docs/web.md).
module web_module();

/// The composition root: the modules `souk serve` and `souk migrate` run,
/// in order.
std::vector<module> souk_modules();

} // namespace souk
