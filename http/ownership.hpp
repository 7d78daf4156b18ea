#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "actors/runtime/expected.hpp"
#include "http/app_context.hpp"
#include "http/beast.hpp"

namespace souk {

/// Who owns a resource: the owning customer's id, "" for a guest's (whoever
/// holds the id may act on it), nothing when there is no such resource; or
/// the answer to give when the owner cannot be found out now (503).
using owner_answer = expected<std::optional<std::string>, http_response>;

/// How the access gate finds the owner of one kind of resource.
struct owner_lookup {
  /// Calls `done` once, from any thread.
  std::function<void(const std::string& id,
                     std::function<void(owner_answer)> done)>
    find;
  /// The 404 a caller who may not see resource `id` gets: the same as for
  /// one that does not exist.
  std::function<http_response(const std::string& id)> not_found;
};

/// Resource kind ("cart", "order", "payment-collection") → its lookup.
using resource_owners = std::map<std::string, owner_lookup>;

/// Medusa's message for a cart that is not there (or not the caller's).
std::string cart_missing(const std::string& id);

/// The owners of the resources souk's store routes act on.
resource_owners make_resource_owners(app_context& ctx);

} // namespace souk
