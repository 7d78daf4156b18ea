#pragma once

#include <functional>

#include "actors/catalog/catalog_commands.hpp"
#include "actors/catalog/catalog_state.hpp"
#include "http/app_context.hpp"
#include "http/router.hpp"

namespace souk {

/// Runs an admin's catalog command through the catalog entity, publishes
/// the new catalog to the in-memory view before answering (so the next
/// read sees it), and answers `answer(state)`; a refusal is its 4xx.
void catalog_write(
  app_context& ctx, catalog::catalog_command cmd, responder respond,
  std::function<http_response(const catalog::catalog_state&)> answer);

/// {"id": id, "object": object, "deleted": true}
http_response deleted_response(const std::string& id, const char* object);

} // namespace souk
