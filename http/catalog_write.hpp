#pragma once

#include <chrono>
#include <functional>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace souk {

/// How long a catalog write waits for the in-memory view to show it before
/// it answers anyway (and logs a warning).
inline constexpr std::chrono::milliseconds catalog_view_timeout{5000};

/// Runs an admin's catalog command through the catalog entity and answers
/// `answer(state)` with the state the command produced, once the in-memory
/// view (fed by the follower of committed catalog events, not by this
/// route) holds that state's version or a newer one: the next read sees
/// the write. A refusal is its 4xx; no answer from the entity in time is a
/// 503. A view that is not there within `catalog_view_timeout` does not
/// turn the committed write into an error: it is answered all the same.
/// Never blocks.
void catalog_write(
  services& ctx, catalog::catalog_command cmd, responder respond,
  std::function<http_response(const catalog::catalog_state&)> answer);

/// {"id": id, "object": object, "deleted": true}
http_response deleted_response(const std::string& id, const char* object);

} // namespace souk
