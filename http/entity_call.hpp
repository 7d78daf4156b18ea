#pragma once

#include <chrono>
#include <string>

#include "actors/runtime/ask.hpp"
#include "actors/runtime/entity.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace souk {

/// The HTTP answer to an entity's refusal, in one table: not_found 404,
/// invalid_argument 400 invalid_data, illegal_transition and conflicts 409,
/// overloaded and unavailable 503 (retry), anything else 500.
http_response entity_error_response(const entity_error& e);

/// 503 "unexpected_state": a part is busy or away; the client may retry.
/// `why` is for operators (timeouts, "database unavailable"), never SQL.
http_response busy_response(const std::string& why);

/// How long a route waits for an entity before answering 503.
inline constexpr std::chrono::milliseconds entity_timeout{10000};

/// Sends `cmd` to entity `id` of `host` and answers with `on_state(state)`
/// once it is committed, or with the error's HTTP form.
template <class Domain, class OnState>
void call_entity(caf::actor_system& sys, const caf::actor& host, std::string id,
                 typename Domain::command_type cmd, responder respond,
                 OnState on_state) {
  ask<entity_reply<Domain>>(
    sys, host, entity_timeout,
    [respond, on_state](std::optional<entity_reply<Domain>> r,
                        const std::string& why) {
      if (!r)
        return respond(
          error_response(http::status::service_unavailable, "unexpected_state",
                         "The service is busy (" + why + "); retry"));
      if (!*r)
        return respond(entity_error_response(r->error()));
      respond(on_state(**r));
    },
    std::move(id), std::move(cmd));
}

} // namespace souk
