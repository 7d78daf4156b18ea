#pragma once

#include <string>

namespace souk {

/// Who may call a route. Every route declares one in the route table; the
/// router enforces it before the handler runs.
enum class audience {
  /// Anyone: health, sign-in, the API description.
  anyone,
  /// Operators: /metrics (a bearer equal to `metrics-token` when one is
  /// configured, anyone otherwise).
  operators,
  /// A storefront: a valid publishable key; a customer's bearer token, when
  /// valid, says who is calling (an invalid one is ignored, as by Medusa).
  store,
  /// A store caller signed up but perhaps without a profile yet (creating
  /// the profile).
  registered_customer,
  /// A store caller signed in as a customer with a profile.
  customer,
  /// Any valid bearer token (refreshing it).
  token_holder,
  /// An admin user's valid token, of a user that still exists and is not
  /// disabled.
  admin,
};

/// Where a route finds the id of the resource it acts on.
struct resource_id {
  enum class in { path, query, body };
  in where;
  /// The path parameter, query parameter or top-level body field.
  std::string name;
};

inline resource_id path_param(std::string name) {
  return {resource_id::in::path, std::move(name)};
}
inline resource_id query_param(std::string name) {
  return {resource_id::in::query, std::move(name)};
}
inline resource_id body_field(std::string name) {
  return {resource_id::in::body, std::move(name)};
}

/// A route's access rule: an audience and, for routes acting on one
/// resource, that resource ("cart", "order", "payment-collection"), whose
/// owner must be the caller. A resource owned by a customer is that
/// customer's alone; a guest's is reached by whoever holds its id (ids are
/// unguessable). Anyone else is told it does not exist.
/// No default: a route without a declared access rule does not compile.
struct access {
  access() = delete;
  audience who;
  std::string resource; // empty: no resource to own
  resource_id id{resource_id::in::path, ""};

  static access anyone() { return access{audience::anyone}; }
  static access operators() { return access{audience::operators}; }
  static access store() { return access{audience::store}; }
  static access registered_customer() {
    return access{audience::registered_customer};
  }
  static access customer() { return access{audience::customer}; }
  static access token_holder() { return access{audience::token_holder}; }
  static access admin() { return access{audience::admin}; }
  /// A store route acting on `resource`, found at `id`, owned by the caller.
  static access owner_of(std::string resource, resource_id id) {
    access a{audience::store};
    a.resource = std::move(resource);
    a.id = std::move(id);
    return a;
  }

  /// A signed-in customer's route acting on `resource`, found at `id`: one
  /// of theirs or a guest's (whoever holds its id).
  static access customer_owner_of(std::string resource, resource_id id) {
    access a{audience::customer};
    a.resource = std::move(resource);
    a.id = std::move(id);
    return a;
  }

private:
  explicit access(audience a) : who(a) {}
};

/// "anyone", "store", "owner-of(cart)", …: for the API description and the
/// authorization tests.
std::string to_string(const access& a);

} // namespace souk
