// Medusa's auth flow: /auth/{user,customer}/emailpass, customer sign-up,
// token refresh; bearer tokens for /store and /admin; creating the customer
// of a new sign-up.
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/customer_json.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/login_limiter.hpp"
#include "http/passwords.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"
#include "http/tokens.hpp"

namespace souk {

namespace {

/// A support team, not a directory: more than this many admins is a list
/// no one picks an assignee from.
constexpr std::size_t max_listed_users = 500;

http_response too_many() {
  return error_response(http::status::too_many_requests, "not_allowed",
                        "Too many failed sign-ins; try again later");
}

http_response token_response(const token_claims& c, const std::string& secret) {
  json_writer w;
  w.begin_object().key("token").value(issue_token(c, secret)).end_object();
  return json_response(http::status::ok, w.take());
}

std::int64_t now_s() {
  return now_ms() / 1000;
}

// A new session's claims: issued now, signed in now.
token_claims fresh_claims(std::string actor_type, std::string actor_id,
                          std::string identity, std::string email) {
  auto now = now_s();
  return {std::move(actor_type),
          std::move(actor_id),
          std::move(identity),
          std::move(email),
          now,
          now + token_lifetime_s,
          now};
}

// Reads {email, password}; the 400 when they are missing.
std::optional<http_response> read_login(const request& req, std::string& email,
                                        std::string& password) {
  if (auto bad
      = read_body(req.raw.body(), {{"email", text(email, max_email_bytes)},
                                   {"password", text(password)}}))
    return error_response(http::status::bad_request, "invalid_data", *bad);
  if (email.empty() || password.empty())
    return error_response(http::status::bad_request, "invalid_data",
                          "email and password are required");
  email = ascii_lower(email);
  return std::nullopt;
}

std::string network_of(const request& req) {
  return client_network(std::string{req.header(client_address_header)});
}

void login(services& ctx, const std::string& actor_type, request_ptr req,
           responder respond) {
  std::string email, password;
  if (auto bad = read_login(*req, email, password))
    return respond(std::move(*bad));
  // Reserved before hashing, so parallel attempts count at once; the
  // client's network keeps its failures, the account's go on success.
  auto account = actor_type + ":" + email;
  auto network = network_of(*req);
  auto& limits = ctx.get<login_limits>();
  if (!limits.by_address.try_attempt(network))
    return respond(too_many());
  if (!limits.by_email.try_attempt(account)) {
    limits.by_address.release(network);
    return respond(too_many());
  }
  // Answers given before the password was checked do not count.
  auto busy = [&limits, account, network, respond](http_response res) {
    limits.by_email.release(account);
    limits.by_address.release(network);
    respond(std::move(res));
  };
  ctx.passwords.run(
    [&ctx, &limits, actor_type, email, password, account, network, respond,
     busy](db_handles& h) {
      auto found = h.accounts.find_identity(actor_type, email);
      if (!found)
        return busy(busy_response("accounts unavailable"));
      auto hash = *found ? (**found).password_hash : std::string{};
      bool ok = verify_password(hash, password);
      if (ok && actor_type == "user") { // a disabled admin cannot sign in
        auto active = h.accounts.user_active((**found).actor_id);
        if (!active)
          return busy(busy_response("accounts unavailable"));
        ok = *active;
      }
      if (!ok)
        return respond(error_response(http::status::unauthorized,
                                      "unauthorized",
                                      "Invalid email or password"));
      limits.by_email.succeeded(account);
      limits.by_address.release(network);
      auto& id = **found;
      respond(
        token_response(fresh_claims(actor_type, id.actor_id, id.id, id.email),
                       ctx.auth_secret));
    },
    busy);
}

void register_customer(services& ctx, request_ptr req, responder respond) {
  std::string email, password;
  if (auto bad = read_login(*req, email, password))
    return respond(std::move(*bad));
  if (password.size() < 8)
    return respond(error_response(http::status::bad_request, "invalid_data",
                                  "the password needs at least 8 characters"));
  auto network = network_of(*req);
  auto& signups = ctx.get<login_limits>().signups;
  if (!signups.try_attempt(network))
    return respond(error_response(http::status::too_many_requests,
                                  "not_allowed",
                                  "Too many sign-ups; try again later"));
  auto busy = [&signups, network, respond](http_response res) {
    signups.release(network);
    respond(std::move(res));
  };
  ctx.passwords.run(
    [&ctx, email, password, respond, busy](db_handles& h) {
      auth_identity id{make_id("authid"), "customer", email,
                       hash_password(password), ""};
      auto added = h.accounts.add_identity(id);
      if (!added)
        return busy(busy_response("accounts unavailable"));
      if (!*added)
        return respond(error_response(http::status::unauthorized,
                                      "unauthorized",
                                      "Identity with email already exists"));
      respond(token_response(fresh_claims("customer", "", id.id, email),
                             ctx.auth_secret));
    },
    busy);
}

// A fresh token for a valid one: the identity is read again (its customer
// may have been created since; a disabled admin gets none), and the
// session keeps its sign-in time, so it ends however often it is
// refreshed.
void refresh_token(services& ctx, request_ptr req, responder respond) {
  ctx.db.run(
    [&ctx, c = *req->token, respond](db_handles& h) mutable {
      auto found = h.accounts.find_identity_by_id(c.auth_identity_id);
      if (!found)
        return respond(busy_response("accounts unavailable"));
      if (!*found || (**found).actor_type != c.actor_type)
        return respond(unauthorized_response());
      if (c.actor_type == "user") {
        auto active = h.accounts.user_active((**found).actor_id);
        if (!active)
          return respond(busy_response("accounts unavailable"));
        if (!*active)
          return respond(unauthorized_response());
      }
      c.actor_id = (**found).actor_id;
      c.email = (**found).email;
      c.iat = now_s();
      c.exp
        = std::min(c.iat + token_lifetime_s, c.auth_time + session_lifetime_s);
      respond(token_response(c, ctx.auth_secret));
    },
    respond);
}

void create_customer(services& ctx, request_ptr req, responder respond) {
  auto& claims = req->token; // a customer's: the route's rule
  if (!claims->actor_id.empty())
    return respond(error_response(http::status::bad_request, "invalid_data",
                                  "Request already authenticated as a "
                                  "customer."));
  customer_record c;
  std::optional<std::string> email;
  auto email_reader = text(email, max_email_bytes);
  if (auto bad = read_body(req->raw.body(), {{"email", email_reader},
                                             {"first_name", text(c.first_name)},
                                             {"last_name", text(c.last_name)},
                                             {"phone", text(c.phone)},
                                             {"company_name", ignored()},
                                             {"metadata", ignored()}}))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  c.email = claims->email; // the identity's: a token cannot claim another
  if (email && ascii_lower(*email) != c.email)
    return respond(error_response(http::status::bad_request, "invalid_data",
                                  "email must be the registered e-mail"));
  c.id = make_id("cus");
  c.created_at = c.updated_at = now_ms();
  auto identity = claims->auth_identity_id;
  ctx.db.run(
    [c, identity, respond](db_handles& h) {
      auto added = h.accounts.add_customer(c, identity);
      if (!added)
        return respond(busy_response("accounts unavailable"));
      if (!*added)
        return respond(error_response(http::status::conflict, "duplicate_error",
                                      "A customer with this e-mail exists"));
      json_writer w;
      w.begin_object().key("customer");
      write_customer(w, c);
      w.end_object();
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

} // namespace

void add_auth_routes(router& r, services& ctx) {
  using http::verb;
  for (std::string actor : {"user", "customer"})
    r.add(
      verb::post, "/auth/" + actor + "/emailpass", access::anyone(),
      {actor == "user" ? "Admin sign-in: {token}" : "Customer sign-in: {token}",
       "AuthEmailPass", "AuthResponse"},
      [&ctx, actor](request_ptr req, responder res) {
        login(ctx, actor, std::move(req), std::move(res));
      });
  r.add(verb::post, "/auth/customer/emailpass/register", access::anyone(),
        {"Customer sign-up: a registration {token}", "AuthEmailPass",
         "AuthResponse"},
        with_context(ctx, register_customer));
  r.add(verb::post, "/auth/token/refresh", access::token_holder(),
        {"A fresh {token}", "", "AuthResponse"},
        with_context(ctx, refresh_token));
  r.add(verb::post, "/store/customers", access::registered_customer(),
        {"Create the signed-up customer's profile", "StoreCreateCustomer",
         "StoreCustomerResponse"},
        with_context(ctx, create_customer));
  // The team (Medusa's GET /admin/users): whom a ticket can be assigned to.
  r.add(verb::get, "/admin/users", access::admin(),
        {"Active admin users", "", "AdminUserListResponse"},
        [&ctx](request_ptr, responder respond) {
          ctx.db.run(
            [respond](db_handles& h) {
              auto users = h.accounts.active_users(max_listed_users);
              if (!users)
                return respond(busy_response("accounts unavailable"));
              json_writer w;
              w.begin_object().key("users").begin_array();
              for (auto& u : *users)
                w.begin_object()
                  .key("id")
                  .value(u.id)
                  .key("email")
                  .value(u.email)
                  .key("first_name")
                  .value(u.first_name)
                  .key("last_name")
                  .value(u.last_name)
                  .end_object();
              w.end_array();
              w.key("count").value(static_cast<std::int64_t>(users->size()));
              w.key("offset").value(std::int64_t{0});
              w.key("limit").value(static_cast<std::int64_t>(max_listed_users));
              w.end_object();
              respond(json_response(http::status::ok, w.take()));
            },
            respond);
        });
  // The signed-in admin (Medusa's GET /admin/users/me), from the token the
  // gate checked.
  r.add_sync(verb::get, "/admin/users/me", access::admin(),
             {"The signed-in admin user", "", "AdminUserResponse"},
             [](request& req) {
               json_writer w;
               w.begin_object().key("user").begin_object();
               w.key("id").value(req.who.actor_id);
               w.key("email").value(req.who.email);
               w.end_object().end_object();
               return json_response(http::status::ok, w.take());
             });
}

} // namespace souk
