#include "http/access_gate.hpp"

#include <mutex>
#include <unordered_map>

#include <simdjson.h>
#include <sodium.h>

#include "actors/runtime/units.hpp"
#include "http/entity_call.hpp"
#include "http/ownership.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

using done_fn = std::function<void(std::optional<http_response>)>;
using clock = std::chrono::steady_clock;

constexpr auto admin_status_ttl = std::chrono::seconds{2};

// Medusa's store routes need a publishable key naming a sales channel.
std::optional<http_response> check_publishable_key(const services& ctx,
                                                   request& req) {
  auto key = req.header("x-publishable-api-key");
  if (key.empty())
    return error_response(
      http::status::bad_request, "not_allowed",
      "Publishable API key required in the request header: "
      "x-publishable-api-key. You can manage your keys in settings in the "
      "dashboard.");
  auto channel = ctx.sales_channel_of(key);
  if (!channel)
    return error_response(
      http::status::bad_request, "not_allowed",
      "A valid publishable key is required to proceed with the request");
  req.sales_channel_id = std::move(*channel);
  return std::nullopt;
}

// Whether admin users are still active, asked of the database and kept
// for a moment: a disabled user's tokens stop working within the TTL.
class admin_status {
public:
  explicit admin_status(services& ctx) : ctx_(ctx) {
    // nop
  }

  /// Calls `done` with whether the user is active, or nothing when that
  /// cannot be found out now.
  void check(const std::string& user_id,
             std::function<void(std::optional<bool>)> done) {
    {
      std::lock_guard guard{mtx_};
      auto i = known_.find(user_id);
      if (i != known_.end()
          && clock::now() - i->second.checked < admin_status_ttl)
        return done(i->second.active);
    }
    bool posted = ctx_.db.try_run([this, user_id, done](db_handles& h) {
      auto active = h.accounts.user_active(user_id);
      if (active) {
        std::lock_guard guard{mtx_};
        if (known_.size() > 10000)
          known_.clear();
        known_[user_id] = {*active, clock::now()};
      }
      done(active ? std::optional<bool>{*active} : std::nullopt);
    });
    if (!posted)
      done(std::nullopt);
  }

private:
  struct entry {
    bool active;
    clock::time_point checked;
  };
  services& ctx_;
  std::mutex mtx_;
  std::unordered_map<std::string, entry> known_;
};

// The id of the resource a request acts on: a path or query parameter,
// or a top-level string field of its JSON body; nothing when absent.
std::optional<std::string> resource_id_of(const request& req,
                                          const resource_id& where) {
  switch (where.where) {
  case resource_id::in::path:
    return req.param(where.name);
  case resource_id::in::query:
    return req.query_param(where.name);
  case resource_id::in::body: {
    thread_local simdjson::ondemand::parser parser;
    simdjson::padded_string json{req.raw.body()};
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    std::string_view v;
    if (parser.iterate(json).get(doc) || doc.get_object().get(obj)
        || obj[where.name].get_string().get(v))
      return std::nullopt;
    return std::string{v};
  }
  }
  return std::nullopt;
}

void check_owner(const resource_owners& owners, const access& rule,
                 request_ptr req, done_fn done) {
  auto id = resource_id_of(*req, rule.id);
  if (!id || id->empty())
    return done(error_response(http::status::bad_request, "invalid_data",
                               "Invalid request: Field '" + rule.id.name
                                 + "' is required"));
  if (!id_shaped(*id))
    return done(
      error_response(http::status::bad_request, "invalid_data",
                     "Field '" + rule.id.name + "' is not a valid id"));
  auto found = owners.find(rule.resource);
  if (found == owners.end()) // server_app refuses such a table at start
    return done(unauthorized_response());
  auto& lookup = found->second;
  // The handler acts on this id, the one checked, not on its own reading.
  req->resource_id = *id;
  auto caller = req->who.actor_type == "customer" ? req->who.actor_id : "";
  lookup.find(*id, [&lookup, id = *id, caller, done](owner_answer owner) {
    if (!owner)
      return done(std::move(owner.error()));
    if (!*owner || (!(*owner)->empty() && **owner != caller))
      return done(lookup.not_found(id));
    done(std::nullopt);
  });
}

} // namespace

std::optional<token_claims> bearer_claims(const services& ctx,
                                          const request& req) {
  auto h = req.header("authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (h.size() <= prefix.size() || h.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  return verify_token(h.substr(prefix.size()), ctx.auth_secret,
                      now_ms() / 1000);
}

access_gate make_access_gate(services& ctx) {
  auto owners = &ctx.owners();
  auto admins = std::make_shared<admin_status>(ctx);
  return
    [&ctx, owners, admins](const access& rule, request_ptr req, done_fn done) {
      switch (rule.who) {
      case audience::anyone:
        return done(std::nullopt);
      case audience::operators: {
        if (ctx.cfg.metrics_token.empty())
          return done(std::nullopt);
        auto h = req->header("authorization");
        auto want = "Bearer " + ctx.cfg.metrics_token;
        if (h.size() != want.size()
            || sodium_memcmp(h.data(), want.data(), want.size()) != 0)
          return done(unauthorized_response());
        return done(std::nullopt);
      }
      case audience::token_holder: {
        auto claims = bearer_claims(ctx, *req);
        if (!claims)
          return done(unauthorized_response());
        req->who = {claims->actor_type, claims->actor_id, claims->email};
        req->token = std::move(claims);
        return done(std::nullopt);
      }
      case audience::admin: {
        auto claims = bearer_claims(ctx, *req);
        if (!claims || claims->actor_type != "user" || claims->actor_id.empty())
          return done(unauthorized_response());
        req->who = {claims->actor_type, claims->actor_id, claims->email};
        req->token = claims;
        return admins->check(
          claims->actor_id, [done](std::optional<bool> active) {
            if (!active) // busy: not the admin's fault
              return done(busy_response("cannot check the admin user now"));
            if (!*active)
              return done(unauthorized_response());
            done(std::nullopt);
          });
      }
      case audience::store:
      case audience::registered_customer:
      case audience::customer: {
        if (auto refused = check_publishable_key(ctx, *req))
          return done(std::move(refused));
        // A customer's token says who calls; any other is ignored here.
        auto claims = bearer_claims(ctx, *req);
        if (claims && claims->actor_type == "customer") {
          req->who = {claims->actor_type, claims->actor_id, claims->email};
          req->token = claims;
        }
        if (rule.who == audience::registered_customer && !req->token)
          return done(unauthorized_response());
        if (rule.who == audience::customer
            && (req->who.actor_type != "customer" || req->who.actor_id.empty()))
          return done(unauthorized_response());
        if (rule.resource.empty())
          return done(std::nullopt);
        return check_owner(*owners, rule, std::move(req), std::move(done));
      }
      }
      done(unauthorized_response());
    };
}

} // namespace souk
