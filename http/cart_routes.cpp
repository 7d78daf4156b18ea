// Store API: carts, shipping options, payment collections (Medusa v2).
#include "actors/cart/cart_entity.hpp"
#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/cart_json.hpp"
#include "http/catalog_json.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/ownership.hpp"
#include "http/payment_collections.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

using cart::cart_domain;

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        std::move(message));
}

// Renders cart `id` as {cart}.
auto cart_view(services& ctx, const std::string& id) {
  return [&ctx, id](const cart::cart_state& c) {
    json_writer w;
    w.begin_object().key("cart");
    write_cart(w, id, c, *ctx.get<catalog::catalog_view>().get());
    w.end_object();
    return json_response(http::status::ok, w.take());
  };
}

// Sends `cmd` to cart `id` and answers {cart}; a not_found is the cart's.
void cart_call(services& ctx, const std::string& id, cart::cart_command cmd,
               responder respond) {
  call_entity(ctx.entities<cart::cart_domain>(), id, std::move(cmd), respond,
              cart_view(ctx, id), cart_missing(id));
}

void create_cart(services& ctx, request_ptr req, responder respond) {
  std::optional<std::string> region_id, email, currency_code, sales_channel_id,
    locale;
  std::optional<cart::address> shipping, billing;
  if (auto bad = read_body(req->raw.body(),
                           {{"region_id", text(region_id)},
                            {"email", text(email, max_email_bytes)},
                            {"currency_code", text(currency_code)},
                            {"sales_channel_id", text(sales_channel_id)},
                            {"locale", text(locale)},
                            {"shipping_address", postal_address(shipping)},
                            {"billing_address", postal_address(billing)},
                            {"metadata", ignored()}}))
    return respond(bad_request(*bad));
  // A header souk cannot read is no reason to refuse the cart (a body's
  // `locale` is checked).
  if (!locale) {
    auto header = std::string{req->header("x-medusa-locale")};
    if (cart::locale_ok(header))
      locale = header;
  }
  // The cart takes its region (the store's first by default), currency and
  // tax rate from the catalog.
  auto id = make_id("cart");
  cart::create_cart cmd{
    region_id.value_or(""),
    "",
    0,
    req->sales_channel_id,
    req->who.actor_type == "customer" ? req->who.actor_id : "",
    email.value_or(req->who.actor_type == "customer" ? req->who.email : ""),
    shipping,
    actor_of(*req),
    now_ms(),
    ctx.get<catalog::catalog_view>().get(),
    locale.value_or("")};
  cart_call(ctx, id, std::move(cmd), respond);
}

void update_cart(services& ctx, request_ptr req, responder respond) {
  std::optional<std::string> email, region_id, locale;
  std::optional<std::vector<std::string>> codes;
  std::optional<cart::address> shipping, billing;
  if (auto bad = read_body(req->raw.body(),
                           {{"email", text(email, max_email_bytes)},
                            {"region_id", text(region_id)},
                            {"locale", text(locale)},
                            {"promo_codes", strings(codes)},
                            {"shipping_address", postal_address(shipping)},
                            {"billing_address", postal_address(billing)},
                            {"metadata", ignored()}}))
    return respond(bad_request(*bad));
  auto id = req->param("id");
  cart_call(ctx, id,
            cart::update_cart{email, shipping, billing, actor_of(*req),
                              now_ms(), locale, region_id,
                              ctx.get<catalog::catalog_view>().get(), codes},
            respond);
}

// A guest's cart becomes the signed-in customer's (the storefront calls it
// at sign-in); the access rule let only a guest's cart or the caller's own
// through.
void transfer_cart(services& ctx, request_ptr req, responder respond) {
  cart_call(ctx, req->param("id"),
            cart::transfer_cart{req->who.actor_id, req->who.email,
                                actor_of(*req), now_ms()},
            respond);
}

// What an option costs the cart: souk's options are flat, so the amount is
// the option's, in the cart's currency (Medusa's calculated options ask
// their provider here).
void calculate_shipping(services& ctx, request_ptr req, responder respond) {
  std::string cart_id;
  if (auto bad = read_body(req->raw.body(),
                           {{"cart_id", text(cart_id)}, {"data", ignored()}}))
    return respond(bad_request(*bad));
  auto option_id = req->param("id");
  auto& id = req->resource_id; // the cart the caller was found to own
  call_entity(
    ctx.entities<cart::cart_domain>(), id, cart::get_cart{}, respond,
    [&ctx, option_id](const cart::cart_state& c) {
      auto catalog = ctx.get<catalog::catalog_view>().get();
      auto o = catalog->shipping_options.find(option_id);
      if (o == catalog->shipping_options.end()
          || o->second.region_id != c.region_id)
        return error_response(http::status::not_found, "not_found",
                              "Shipping option with id: " + option_id
                                + " was not found");
      json_writer w;
      w.begin_object().key("shipping_option");
      write_shipping_option(w, o->second, c.currency_code);
      w.end_object();
      return json_response(http::status::ok, w.take());
    },
    cart_missing(id));
}

void add_line_item(services& ctx, request_ptr req, responder respond) {
  std::string variant_id;
  std::int64_t quantity = 0;
  if (auto bad = read_body(req->raw.body(), {{"variant_id", text(variant_id)},
                                             {"quantity", integer(quantity)},
                                             {"metadata", ignored()}}))
    return respond(bad_request(*bad));
  if (variant_id.empty())
    return respond(
      bad_request("Invalid request: Field 'variant_id' is required"));
  // The cart prices the line from the catalog, in its own currency.
  cart::line_item item;
  item.id = make_id("cali");
  item.variant_id = variant_id;
  item.quantity = quantity;
  cart_call(ctx, req->param("id"),
            cart::add_line_item{item, actor_of(*req), now_ms(),
                                ctx.get<catalog::catalog_view>().get()},
            respond);
}

void update_line_item(services& ctx, request_ptr req, responder respond) {
  std::int64_t quantity = -1;
  if (auto bad = read_body(req->raw.body(), {{"quantity", integer(quantity)},
                                             {"metadata", ignored()}}))
    return respond(bad_request(*bad));
  // The access rule found the cart: a not_found is the line's, and the
  // cart's message names it.
  auto id = req->param("id");
  call_entity(ctx.entities<cart::cart_domain>(), id,
              cart::update_line_item{req->param("line_id"), quantity,
                                     actor_of(*req), now_ms()},
              respond, cart_view(ctx, id));
}

void delete_line_item(services& ctx, request_ptr req, responder respond) {
  // As in update_line_item, a not_found is the line's.
  auto id = req->param("id");
  auto line = req->param("line_id");
  call_entity(ctx.entities<cart::cart_domain>(), id,
              cart::remove_line_item{line, actor_of(*req), now_ms()}, respond,
              [&ctx, id, line](const cart::cart_state& c) {
                json_writer w;
                w.begin_object().key("id").value(line).key("object").value(
                  "line-item");
                w.key("deleted").value(true).key("parent");
                write_cart(w, id, c, *ctx.get<catalog::catalog_view>().get());
                w.end_object();
                return json_response(http::status::ok, w.take());
              });
}

void list_shipping_options(services& ctx, request_ptr req, responder respond) {
  auto cart_id = req->query_param("cart_id");
  if (!cart_id || cart_id->empty())
    return respond(bad_request("Invalid request: Field 'cart_id' is required"));
  call_entity(
    ctx.entities<cart::cart_domain>(), *cart_id, cart::get_cart{}, respond,
    [&ctx](const cart::cart_state& c) {
      auto catalog = ctx.get<catalog::catalog_view>().get();
      json_writer w;
      w.begin_object().key("shipping_options").begin_array();
      for (auto& [id, o] : catalog->shipping_options)
        if (o.region_id == c.region_id)
          write_shipping_option(w, o, c.currency_code);
      w.end_array().end_object();
      return json_response(http::status::ok, w.take());
    },
    cart_missing(*cart_id));
}

void add_shipping_method(services& ctx, request_ptr req, responder respond) {
  std::string option_id;
  if (auto bad = read_body(
        req->raw.body(), {{"option_id", text(option_id)}, {"data", ignored()}}))
    return respond(bad_request(*bad));
  // The cart takes the option's name and amount from the catalog.
  cart_call(ctx, req->param("id"),
            cart::add_shipping_method{{make_id("casm"), option_id, "", 0},
                                      actor_of(*req),
                                      now_ms(),
                                      ctx.get<catalog::catalog_view>().get()},
            respond);
}

http_response collection_response(const cart::cart_state& c) {
  json_writer w;
  w.begin_object().key("payment_collection");
  write_payment_collection(w, c);
  w.end_object();
  return json_response(http::status::ok, w.take());
}

void create_payment_collection(services& ctx, request_ptr req,
                               responder respond) {
  std::string named;
  if (auto bad = read_body(req->raw.body(), {{"cart_id", text(named)}}))
    return respond(bad_request(*bad));
  auto& cart_id = req->resource_id; // the cart the caller was found to own
  call_entity(ctx.entities<cart::cart_domain>(), cart_id,
              cart::create_payment_collection{collection_of_cart(cart_id),
                                              actor_of(*req), now_ms()},
              respond, collection_response, cart_missing(cart_id));
}

void create_payment_session(services& ctx, request_ptr req, responder respond) {
  std::string provider_id;
  if (auto bad = read_body(req->raw.body(), {{"provider_id", text(provider_id)},
                                             {"data", ignored()},
                                             {"context", ignored()}}))
    return respond(bad_request(*bad));
  auto collection = req->param("id");
  auto cart_id = cart_of_collection(collection);
  call_entity(ctx.entities<cart::cart_domain>(), cart_id,
              cart::create_payment_session{make_id("payses"), provider_id,
                                           actor_of(*req), now_ms()},
              respond, collection_response,
              payment_collection_missing(collection));
}

} // namespace

void add_cart_routes(router& r, services& ctx) {
  using http::verb;
  // Every route acting on a cart names it: the router lets only its owner
  // in (a guest's cart: whoever holds its id).
  auto own_cart = access::owner_of("cart", path_param("id"));
  r.add(verb::post, "/store/carts", access::store(),
        {"Create a cart", "StoreCreateCart", "StoreCartResponse"},
        with_context(ctx, create_cart));
  r.add(verb::get, "/store/carts/:id", own_cart,
        {"Get a cart", "", "StoreCartResponse"},
        [&ctx](request_ptr req, responder res) {
          auto id = req->param("id");
          cart_call(ctx, id, cart::get_cart{}, res);
        });
  r.add(verb::post, "/store/carts/:id", own_cart,
        {"Update a cart: e-mail, addresses, locale, region (re-priced)",
         "StoreUpdateCart", "StoreCartResponse"},
        with_context(ctx, update_cart));
  r.add(verb::post, "/store/carts/:id/line-items", own_cart,
        {"Add a line item", "StoreAddCartLineItem", "StoreCartResponse"},
        with_context(ctx, add_line_item));
  r.add(verb::post, "/store/carts/:id/line-items/:line_id", own_cart,
        {"Change a line's quantity", "StoreUpdateCartLineItem",
         "StoreCartResponse"},
        with_context(ctx, update_line_item));
  r.add(verb::delete_, "/store/carts/:id/line-items/:line_id", own_cart,
        {"Remove a line", "", "StoreLineItemDeleteResponse"},
        with_context(ctx, delete_line_item));
  r.add(verb::get, "/store/shipping-options",
        access::owner_of("cart", query_param("cart_id")),
        {"Shipping options for a cart (cart_id)", "",
         "StoreShippingOptionListResponse"},
        with_context(ctx, list_shipping_options));
  r.add(
    verb::post, "/store/carts/:id/customer",
    access::customer_owner_of("cart", path_param("id")),
    {"Make a guest's cart the signed-in customer's", "", "StoreCartResponse"},
    with_context(ctx, transfer_cart));
  r.add(verb::post, "/store/shipping-options/:id/calculate",
        access::owner_of("cart", body_field("cart_id")),
        {"The price of a shipping option for a cart", "StoreCalculateShipping",
         "StoreShippingOptionResponse"},
        with_context(ctx, calculate_shipping));
  r.add(verb::post, "/store/carts/:id/shipping-methods", own_cart,
        {"Choose a shipping option", "StoreAddCartShippingMethods",
         "StoreCartResponse"},
        with_context(ctx, add_shipping_method));
  r.add(verb::post, "/store/payment-collections",
        access::owner_of("cart", body_field("cart_id")),
        {"Create a cart's payment collection", "StoreCreatePaymentCollection",
         "StorePaymentCollectionResponse"},
        with_context(ctx, create_payment_collection));
  r.add(verb::post, "/store/payment-collections/:id/payment-sessions",
        access::owner_of("payment-collection", path_param("id")),
        {"Open a payment session (pp_system_default)",
         "StoreInitializePaymentSession", "StorePaymentCollectionResponse"},
        with_context(ctx, create_payment_session));
}

} // namespace souk
