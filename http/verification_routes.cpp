// E-mail verification, as `sdk.auth.verification.*` calls it: a signed-in
// identity asks for a code for its own address (POST
// /auth/verification/request), the code is mailed, and whoever holds it
// confirms the address (POST /auth/verification/confirm). The code is 256
// random bits from libsodium; only its SHA-256 is stored.
#include <spdlog/spdlog.h>

#include "actors/notifications/notifier.hpp"
#include "actors/runtime/sha256.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "http/json_body.hpp"
#include "http/passwords.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

constexpr std::int64_t verification_lifetime_ms = 24LL * 3600 * 1000;
/// Codes an identity may have open at once: each request mails one.
constexpr std::int64_t max_open_verifications = 5;

http_response bad_request(std::string message) {
  return error_response(http::status::bad_request, "invalid_data",
                        "Invalid request: " + std::move(message));
}

notifications::notification verification_mail(const email_verification& v,
                                              const std::string& code) {
  return notifications::make_notification(
    "email-verification:" + v.id, v.email, "Confirm your e-mail address",
    "Hello,\n\nto confirm that " + v.email
      + " is your address, enter this code where you asked for it:\n\n" + code
      + "\n\nIt is valid for 24 hours and once. If you did not ask for it, "
        "ignore this message.\n");
}

void write_verification(json_writer& w, const email_verification& v) {
  w.begin_object();
  w.key("id").value(v.id).key("entity_id").value(v.email);
  w.key("entity_type").value("email").key("code_provider").value("token");
  w.key("expires_at").value(iso_time(v.expires_at));
  w.key("verified_at");
  v.confirmed_at ? w.value(iso_time(v.confirmed_at)) : w.null();
  w.end_object();
}

void request_code(services& ctx, request_ptr req, responder respond) {
  std::string entity_id, entity_type;
  std::optional<std::string> provider;
  if (auto bad = read_body(req->raw.body(),
                           {{"entity_id", text(entity_id, max_email_bytes)},
                            {"entity_type", text(entity_type)},
                            {"code_provider", text(provider)},
                            {"metadata", ignored()}}))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  if (entity_type != "email")
    return respond(bad_request("souk verifies e-mail addresses: entity_type "
                               "must be email"));
  if (provider && *provider != "token")
    return respond(bad_request("code_provider must be token"));
  // Only one's own address: a code for another would mail a stranger.
  auto& claims = *req->token;
  if (claims.auth_identity_id.empty()
      || ascii_lower(entity_id) != ascii_lower(claims.email))
    return respond(bad_request("entity_id must be the e-mail address of the "
                               "identity signed in"));
  email_verification v{make_id("authver"), claims.auth_identity_id,
                       ascii_lower(claims.email),
                       now_ms() + verification_lifetime_ms, 0};
  auto code = random_hex(32);
  ctx.db.run(
    [&ctx, v, code, respond](db_handles& h) {
      auto added = h.accounts.add_verification(v, sha256_hex(code),
                                               max_open_verifications);
      if (!added)
        return respond(busy_response("accounts unavailable"));
      if (!*added)
        return respond(error_response(
          http::status::too_many_requests, "not_allowed",
          "Too many open verification codes; use one that was mailed or try "
          "again tomorrow"));
      // Mailed off the request; a lost mail is asked for again.
      ctx.steps->post([notifier = ctx.shared<notifications::notifier>(),
                       mail = verification_mail(v, code)] {
        if (auto sent = notifier->deliver(mail); !sent)
          spdlog::warn("verification mail {}: {}", mail.id, sent.error());
      });
      json_writer w;
      w.begin_object().key("verification");
      write_verification(w, v);
      w.end_object();
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

bool hex64(const std::string& s) {
  return s.size() == 64
         && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void confirm_code(services& ctx, request_ptr req, responder respond) {
  std::string code;
  std::optional<std::string> provider;
  if (auto bad = read_body(req->raw.body(), {{"code", text(code)},
                                             {"code_provider", text(provider)},
                                             {"metadata", ignored()}}))
    return respond(
      error_response(http::status::bad_request, "invalid_data", *bad));
  if (provider && *provider != "token")
    return respond(bad_request("code_provider must be token"));
  auto refused = error_response(http::status::bad_request, "invalid_data",
                                "The verification code is invalid, used or "
                                "expired");
  code = ascii_lower(code);
  if (!hex64(code))
    return respond(refused);
  ctx.db.run(
    [code, refused, respond](db_handles& h) {
      auto confirmed = h.accounts.confirm_verification(sha256_hex(code));
      if (!confirmed)
        return respond(busy_response("accounts unavailable"));
      if (!*confirmed)
        return respond(refused);
      auto& v = **confirmed;
      json_writer w;
      w.begin_object().key("entity_id").value(v.email);
      w.key("entity_type").value("email").key("code_provider").value("token");
      w.key("verified_at").value(iso_time(v.confirmed_at)).end_object();
      respond(json_response(http::status::ok, w.take()));
    },
    respond);
}

} // namespace

void add_verification_routes(router& r, services& ctx) {
  using http::verb;
  r.add(verb::post, "/auth/verification/request", access::token_holder(),
        {"Mail a code that confirms the signed-in identity's e-mail", "",
         "AuthVerificationRequestResponse"},
        with_context(ctx, request_code));
  r.add(verb::post, "/auth/verification/confirm", access::anyone(),
        {"Confirm an e-mail address with the code mailed to it", "",
         "AuthVerificationConfirmResponse"},
        with_context(ctx, confirm_code));
}

} // namespace souk
