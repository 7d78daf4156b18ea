#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/expected.hpp"
#include "http/beast.hpp"
#include "http/entity_call.hpp"
#include "http/response.hpp"

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

/// Medusa's messages for a cart, an order, a payment collection that is
/// not there (or not the caller's).
std::string cart_missing(const std::string& id);
std::string order_missing(const std::string& id);
std::string payment_collection_missing(const std::string& id);

/// The owner lookup of a resource that is an entity whose state has a
/// `customer_id`: asks the entity `entity_id(resource id)` (the id itself
/// when not given; "" for no such entity) with `read`, a command that
/// changes nothing. Its 404 says `missing(resource id)`.
template <class Domain>
owner_lookup
entity_owner(entity_ref<Domain> entities, typename Domain::command_type read,
             std::string (*missing)(const std::string&),
             std::function<std::string(const std::string&)> entity_id = {});

template <class Domain>
owner_lookup
entity_owner(entity_ref<Domain> entities, typename Domain::command_type read,
             std::string (*missing)(const std::string&),
             std::function<std::string(const std::string&)> entity_id) {
  auto find
    = [entities, read, entity_id](const std::string& resource,
                                  std::function<void(owner_answer)> done) {
        auto id = entity_id ? entity_id(resource) : resource;
        if (id.empty())
          return done(std::optional<std::string>{});
        entities.ask(
          id, read,
          [done](entity_reply<Domain> r) {
            if (!r && r.error().code == domain_errc::not_found)
              return done(std::optional<std::string>{});
            if (!r)
              return done(entity_error_response(r.error()));
            done(std::optional<std::string>{r->customer_id});
          },
          entity_timeout);
      };
  return {std::move(find), [missing](const std::string& id) {
            return error_response(http::status::not_found, "not_found",
                                  missing(id));
          }};
}

} // namespace souk
