// Medusa's auth flow: /auth/{user,customer}/emailpass, customer sign-up,
// token refresh; bearer tokens for /store and /admin; creating the customer
// of a new sign-up.
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/customer_json.hpp"
#include "http/entity_call.hpp"
#include "http/json_body.hpp"
#include "http/passwords.hpp"
#include "http/response.hpp"
#include "http/routes.hpp"
#include "http/tokens.hpp"

namespace souk {

namespace {

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

std::optional<token_claims> bearer(const app_context& ctx, const request& req) {
  auto h = req.header("authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (h.size() <= prefix.size() || h.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  return verify_token(h.substr(prefix.size()), ctx.auth_secret, now_s());
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

void login(app_context& ctx, const std::string& actor_type, request_ptr req,
           responder respond) {
  std::string email, password;
  if (auto bad = read_login(*req, email, password))
    return respond(std::move(*bad));
  auto address = std::string{req->header(client_address_header)};
  if (ctx.by_email.blocked(actor_type + ":" + email)
      || ctx.by_address.blocked(address))
    return respond(too_many());
  ctx.db.run([&ctx, actor_type, email, password, address,
              respond](db_handles& h) {
    auto found = h.accounts.find_identity(actor_type, email);
    if (!found)
      return respond(busy_response("accounts unavailable"));
    auto hash = *found ? (**found).password_hash : std::string{};
    if (!verify_password(hash, password)) {
      ctx.by_email.failed(actor_type + ":" + email);
      ctx.by_address.failed(address);
      return respond(error_response(http::status::unauthorized, "unauthorized",
                                    "Invalid email or password"));
    }
    ctx.by_email.succeeded(actor_type + ":" + email);
    auto& id = **found;
    respond(token_response({actor_type, id.actor_id, id.id, id.email, now_s(),
                            now_s() + token_lifetime_s},
                           ctx.auth_secret));
  });
}

void register_customer(app_context& ctx, request_ptr req, responder respond) {
  std::string email, password;
  if (auto bad = read_login(*req, email, password))
    return respond(std::move(*bad));
  if (password.size() < 8)
    return respond(error_response(http::status::bad_request, "invalid_data",
                                  "the password needs at least 8 characters"));
  ctx.db.run([&ctx, email, password, respond](db_handles& h) {
    auth_identity id{make_id("authid"), "customer", email,
                     hash_password(password), ""};
    auto added = h.accounts.add_identity(id);
    if (!added)
      return respond(busy_response("accounts unavailable"));
    if (!*added)
      return respond(error_response(http::status::unauthorized, "unauthorized",
                                    "Identity with email already exists"));
    respond(token_response(
      {"customer", "", id.id, email, now_s(), now_s() + token_lifetime_s},
      ctx.auth_secret));
  });
}

void create_customer(app_context& ctx, request_ptr req, responder respond) {
  auto claims = bearer(ctx, *req);
  if (!claims || claims->actor_type != "customer")
    return respond(unauthorized_response());
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
  ctx.db.run([c, identity, respond](db_handles& h) {
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
  });
}

} // namespace

middleware customer_token(const app_context& ctx) {
  return [&ctx](request& req) -> std::optional<http_response> {
    if (auto claims = bearer(ctx, req))
      req.who = {claims->actor_type, claims->actor_id, claims->email};
    return std::nullopt;
  };
}

middleware admin_token(const app_context& ctx) {
  return [&ctx](request& req) -> std::optional<http_response> {
    auto claims = bearer(ctx, req);
    if (!claims || claims->actor_type != "user" || claims->actor_id.empty())
      return unauthorized_response();
    req.who = {claims->actor_type, claims->actor_id, claims->email};
    return std::nullopt;
  };
}

void add_auth_routes(router& r, app_context& ctx) {
  using http::verb;
  for (std::string actor : {"user", "customer"})
    r.add(verb::post, "/auth/" + actor + "/emailpass",
          [&ctx, actor](request_ptr req, responder res) {
            login(ctx, actor, std::move(req), std::move(res));
          });
  r.add(verb::post, "/auth/customer/emailpass/register",
        [&ctx](request_ptr req, responder res) {
          register_customer(ctx, std::move(req), std::move(res));
        });
  r.add_sync(verb::post, "/auth/token/refresh", [&ctx](request& req) {
    auto claims = bearer(ctx, req);
    if (!claims)
      return unauthorized_response();
    claims->iat = now_s();
    claims->exp = claims->iat + token_lifetime_s;
    return token_response(*claims, ctx.auth_secret);
  });
  r.add(verb::post, "/store/customers", [&ctx](request_ptr req, responder res) {
    create_customer(ctx, std::move(req), std::move(res));
  });
}

} // namespace souk
