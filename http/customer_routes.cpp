// The signed-in customer's profile and address book:
// /store/customers/me and /store/customers/me/addresses[/:address_id].
// Every query names the token's customer, so another customer's address
// is a 404 like one that does not exist.
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/customer_json.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

http_response address_404(const std::string& id) {
  return error_response(http::status::not_found, "not_found",
                        "Address with id: " + id + " was not found");
}

// Reads an address body (create and update take the same fields).
std::optional<std::string> read_address(const std::string& body,
                                        address_patch& p) {
  auto bad
    = read_body(body, {{"address_name", text(p.address_name)},
                       {"is_default_shipping", boolean(p.is_default_shipping)},
                       {"is_default_billing", boolean(p.is_default_billing)},
                       {"first_name", text(p.first_name)},
                       {"last_name", text(p.last_name)},
                       {"company", text(p.company)},
                       {"address_1", text(p.address_1)},
                       {"address_2", text(p.address_2)},
                       {"city", text(p.city)},
                       {"province", text(p.province)},
                       {"postal_code", text(p.postal_code)},
                       {"country_code", text(p.country_code)},
                       {"phone", text(p.phone)},
                       {"metadata", ignored()}});
  if (bad)
    return bad;
  if (p.country_code) {
    auto& c = *p.country_code;
    c = ascii_lower(c);
    if (!c.empty()
        && (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0]))
            || !std::isalpha(static_cast<unsigned char>(c[1]))))
      return "country_code must be an ISO 3166-1 alpha-2 code, e.g. 'de'";
  }
  return std::nullopt;
}

// Runs `job(customer_id, handles)` on the db pool for the signed-in
// customer (the route's audience: the router let only them in).
void as_customer(
  services& ctx, const request& req, responder respond,
  std::function<void(const std::string&, db_handles&, const responder&)> job) {
  ctx.db.run([id = req.who.actor_id, job = std::move(job),
              respond](db_handles& h) { job(id, h, respond); },
             respond);
}

// {"customer": …} with its addresses, as it is now.
void answer_customer(const std::string& id, db_handles& h,
                     const responder& respond) {
  auto found = h.accounts.find_customer(id);
  if (!found)
    return respond(busy_response("accounts unavailable"));
  if (!*found)
    return respond(unauthorized_response());
  auto addresses = h.addresses.list(id);
  if (!addresses)
    return respond(busy_response("accounts unavailable"));
  json_writer w;
  w.begin_object().key("customer");
  write_customer(w, **found, *addresses);
  w.end_object();
  respond(json_response(http::status::ok, w.take()));
}

void update_me(services& ctx, request_ptr req, responder respond) {
  customer_patch p;
  if (auto bad = read_body(req->raw.body(), {{"first_name", text(p.first_name)},
                                             {"last_name", text(p.last_name)},
                                             {"phone", text(p.phone)},
                                             {"company_name", ignored()},
                                             {"metadata", ignored()}}))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  as_customer(ctx, *req, std::move(respond),
              [p](const std::string& id, db_handles& h, const responder& r) {
                auto updated = h.accounts.update_customer(id, p);
                if (!updated)
                  return r(busy_response("accounts unavailable"));
                answer_customer(id, h, r);
              });
}

void list_addresses(services& ctx, request_ptr req, responder respond) {
  auto pg = read_page(*req);
  if (!pg)
    return respond(pg.error());
  as_customer(
    ctx, *req, std::move(respond),
    [p = *pg](const std::string& id, db_handles& h, const responder& r) {
      auto all = h.addresses.list(id);
      if (!all)
        return r(busy_response("accounts unavailable"));
      json_writer w;
      w.begin_object().key("addresses").begin_array();
      auto n = static_cast<std::int64_t>(all->size());
      for (auto i = p.offset; i < n && i < p.offset + p.limit; ++i)
        write_address(w, (*all)[static_cast<std::size_t>(i)]);
      w.end_array();
      write_page(w, n, p);
      r(json_response(http::status::ok, w.take()));
    });
}

void get_address(services& ctx, request_ptr req, responder respond) {
  as_customer(ctx, *req, std::move(respond),
              [aid = req->param("address_id")](
                const std::string& id, db_handles& h, const responder& r) {
                auto all = h.addresses.list(id);
                if (!all)
                  return r(busy_response("accounts unavailable"));
                for (auto& a : *all)
                  if (a.id == aid) {
                    json_writer w;
                    w.begin_object().key("address");
                    write_address(w, a);
                    w.end_object();
                    return r(json_response(http::status::ok, w.take()));
                  }
                r(address_404(aid));
              });
}

void add_address(services& ctx, request_ptr req, responder respond) {
  address_patch p;
  if (auto bad = read_address(req->raw.body(), p))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  as_customer(
    ctx, *req, std::move(respond),
    [p](const std::string& id, db_handles& h, const responder& r) {
      customer_address a;
      a.id = make_id("cuaddr");
      a.customer_id = id;
      apply(p, a);
      auto added = h.addresses.add(a);
      if (!added)
        return r(busy_response("accounts unavailable"));
      if (!*added)
        return r(error_response(http::status::conflict, "not_allowed",
                                "A customer can keep at most "
                                  + std::to_string(max_addresses_per_customer)
                                  + " addresses; delete one to add another"));
      answer_customer(id, h, r);
    });
}

void update_address(services& ctx, request_ptr req, responder respond) {
  address_patch p;
  if (auto bad = read_address(req->raw.body(), p))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  as_customer(ctx, *req, std::move(respond),
              [p, aid = req->param("address_id")](
                const std::string& id, db_handles& h, const responder& r) {
                auto updated = h.addresses.update(id, aid, p);
                if (!updated)
                  return r(busy_response("accounts unavailable"));
                if (!*updated)
                  return r(address_404(aid));
                answer_customer(id, h, r);
              });
}

void delete_address(services& ctx, request_ptr req, responder respond) {
  as_customer(
    ctx, *req, std::move(respond),
    [aid = req->param("address_id")](const std::string& id, db_handles& h,
                                     const responder& r) {
      auto removed = h.addresses.remove(id, aid);
      if (!removed)
        return r(busy_response("accounts unavailable"));
      if (!*removed)
        return r(address_404(aid));
      auto customer = h.accounts.find_customer(id);
      auto addresses = h.addresses.list(id);
      if (!customer || !*customer || !addresses)
        return r(busy_response("accounts unavailable"));
      json_writer w;
      w.begin_object().key("id").value(aid);
      w.key("object").value("customer_address").key("deleted").value(true);
      w.key("parent");
      write_customer(w, **customer, *addresses);
      w.end_object();
      r(json_response(http::status::ok, w.take()));
    });
}

} // namespace

void add_customer_routes(router& r, services& ctx) {
  using http::verb;
  // Every route is the signed-in customer's own, and every query names
  // that customer: another's address is a 404.
  auto route
    = [&](verb v, const std::string& path, route_doc doc, auto handler) {
        r.add(v, path, access::customer(), std::move(doc),
              with_context(ctx, handler));
      };
  route(verb::get, "/store/customers/me",
        {"The signed-in customer", "", "StoreCustomerResponse"},
        [](services& c, request_ptr req, responder res) {
          as_customer(c, *req, std::move(res), answer_customer);
        });
  route(verb::post, "/store/customers/me",
        {"Update the signed-in customer", "StoreUpdateCustomer",
         "StoreCustomerResponse"},
        update_me);
  route(verb::get, "/store/customers/me/addresses",
        {"List my addresses", "", "StoreCustomerAddressListResponse"},
        list_addresses);
  route(
    verb::post, "/store/customers/me/addresses",
    {"Add an address", "StoreCreateCustomerAddress", "StoreCustomerResponse"},
    add_address);
  route(verb::get, "/store/customers/me/addresses/:address_id",
        {"Get one of my addresses", "", "StoreCustomerAddressResponse"},
        get_address);
  route(verb::post, "/store/customers/me/addresses/:address_id",
        {"Update one of my addresses", "StoreUpdateCustomerAddress",
         "StoreCustomerResponse"},
        update_address);
  route(
    verb::delete_, "/store/customers/me/addresses/:address_id",
    {"Delete one of my addresses", "", "StoreCustomerAddressDeleteResponse"},
    delete_address);
}

} // namespace souk
