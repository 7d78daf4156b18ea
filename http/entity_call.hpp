#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "actors/runtime/ask.hpp"
#include "actors/runtime/entity.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace souk {

/// How an error code answers over HTTP: its status and Medusa's `type`.
struct http_error {
  http::status status;
  std::string_view type;
};

/// The one table from error codes to HTTP. A domain's refusal is the
/// client's: not_found 404, invalid_argument 400 invalid_data,
/// illegal_transition 409 not_allowed, already_exists 409 duplicate_error,
/// payment_refused 400 payment_authorization_error, stale_version 409
/// conflict. The store's
/// version_conflict is 409 conflict and the engine's invalid_data 400.
/// Every other code is the service's: overloaded and unavailable (store or
/// runtime) 503 unexpected_state, the rest 500 unknown_error, or 503 when
/// `retriable` (the error says a retry may succeed).
http_error http_error_of(const error_code& code, bool retriable = false);

/// The HTTP answer to `e` by `http_error_of`: a client error says
/// `e.message` (or `not_found_message`, when given, for a domain's
/// not_found: Medusa's 404s name the resource, "Cart with id 'cart_1' not
/// found"); a 503 says it and to retry; a 500 says nothing more.
http_response entity_error_response(const entity_error& e,
                                    std::string_view not_found_message = {});

/// 503 "unexpected_state": a part is busy or away; the client may retry.
/// `why` is for operators (timeouts, "database unavailable"), never SQL.
http_response busy_response(const std::string& why);

/// How long a route waits for an entity before answering 503.
inline constexpr std::chrono::milliseconds entity_timeout{10000};

/// Sends `cmd` to entity `id` of `entities` and answers with
/// `on_state(state)` once it is committed, or with the error's HTTP form
/// (`not_found_message` as in `entity_error_response`).
template <class Domain, class OnState>
void call_entity(const entity_ref<Domain>& entities, std::string id,
                 typename Domain::command_type cmd, responder respond,
                 OnState on_state, std::string not_found_message = {}) {
  entities.ask(
    std::move(id), std::move(cmd),
    [respond, on_state, not_found_message](entity_reply<Domain> r) {
      if (!r)
        return respond(entity_error_response(r.error(), not_found_message));
      respond(on_state(*r));
    },
    entity_timeout);
}

} // namespace souk
