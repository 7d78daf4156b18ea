#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>

#include <caf/all.hpp>

#include "actors/notifications/message_template.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/runtime/event_store_ref.hpp"
#include "actors/workflows/blocking_step.hpp"
#include "actors/workflows/engine_ref.hpp"
#include "config/config.hpp"
#include "http/db_pool.hpp"
#include "http/ownership.hpp"
#include "http/router.hpp"

namespace souk {

class module_context;

/// Members a module adds to the JSON of another module's resource (the
/// tickets of an admin order): `fn(id, handles)` runs on a db-pool thread
/// and returns `"name": value` text, or "" for nothing.
using json_extension
  = std::function<std::string(const std::string& id, db_handles& handles)>;

/// Adds to `object` (one JSON object) the members `more` give resource `id`,
/// before its closing brace.
void add_members(std::string& object, const std::vector<json_extension>& more,
                 const std::string& id, db_handles& handles);

/// "souk::catalog::catalog_view": a type's name as written, for messages.
std::string type_name(const std::type_info& t);

/// What a module's code may use: the runtime's parts, and what modules
/// declared (entity kinds, shared objects, message templates, resource
/// owners). Handlers get it as `ctx`; they run on I/O threads or on the
/// thread that answered the access gate, so they ask actors and read views
/// and never block (blocking work goes to `db` or `passwords`).
///
/// Lookups by type (`entities<D>()`, `get<T>()`) throw `std::logic_error`
/// naming what is missing. A module looks up everything its handlers use
/// while it is installed (souk's do), so a missing dependency stops the
/// server at start instead of failing a request.
class services {
public:
  services(caf::actor_system& sys, const config& cfg, caf::actor reader,
           caf::actor appender, db_pool& db, db_pool& passwords,
           std::string auth_secret)
    : sys(sys), cfg(cfg), store(sys, std::move(reader), std::move(appender)),
      db(db), passwords(passwords), auth_secret(std::move(auth_secret)) {
    // nop
  }

  services(const services&) = delete;
  services& operator=(const services&) = delete;

  caf::actor_system& sys;
  /// The whole configuration, as read at start.
  const config& cfg;
  /// The event store port: reads streams, appends through group commit.
  const event_store_ref store;
  /// Blocking work: accounts, addresses, read models (one set of ports per
  /// pool thread).
  db_pool& db;
  /// Password hashing (Argon2id): sign-in and sign-up only.
  db_pool& passwords;
  /// Signs and checks bearer tokens.
  const std::string auth_secret;
  /// Threads for workflow steps that block (sending mail, calling out).
  std::shared_ptr<workflows::step_pool> steps;

  /// The workflow engine; set once every module is installed (it runs the
  /// workflows they declared), before the first request.
  const workflows::engine_ref& workflows() const noexcept { return engine_; }

  /// The host of entity kind `Domain`, declared by its module.
  template <class Domain>
  const entity_ref<Domain>& entities() const {
    return lookup<entity_ref<Domain>>(std::string{"entity kind '"}
                                      + Domain::kind + "'");
  }

  /// The shared object of type `T` a module provided (a view, a cache).
  template <class T>
  T& get() const {
    return lookup<T>(type_name(typeid(T)));
  }

  /// `get<T>()`, shared: for objects that must outlive a request (held by a
  /// workflow, a subscriber).
  template <class T>
  std::shared_ptr<T> shared() const {
    lookup<T>(type_name(typeid(T))); // throws when missing
    return std::static_pointer_cast<T>(registry_.find(typeid(T))->second);
  }

  /// The message template `name`, declared by a module.
  const notifications::message_template& message(const std::string& name) const;

  /// What modules add to the JSON of `resource` ("admin.order").
  const std::vector<json_extension>&
  extensions(const std::string& resource) const {
    static const std::vector<json_extension> none;
    auto i = extensions_.find(resource);
    return i == extensions_.end() ? none : i->second;
  }

  /// Resource kind ("cart") → how the access gate finds its owner.
  const resource_owners& owners() const noexcept { return owners_; }

  /// The sales channel of publishable key `key`, or nothing when there is
  /// no such key (no module declared keys: every key is unknown).
  std::optional<std::string> sales_channel_of(std::string_view key) const {
    return keys_ ? keys_(key) : std::nullopt;
  }

private:
  friend class module_context;
  friend class server_app;

  template <class T>
  T& lookup(const std::string& what) const {
    auto i = registry_.find(typeid(T));
    if (i == registry_.end())
      throw std::logic_error{"no module provides the " + what};
    return *static_cast<T*>(i->second.get());
  }

  std::unordered_map<std::type_index, std::shared_ptr<void>> registry_;
  std::map<std::string, notifications::message_template> templates_;
  resource_owners owners_;
  std::map<std::string, std::vector<json_extension>> extensions_;
  std::function<std::optional<std::string>(std::string_view)> keys_;
  workflows::engine_ref engine_;
};

/// The route handler that calls `fn(ctx, request, responder)`.
template <class Fn>
route_handler with_context(services& ctx, Fn fn) {
  return [&ctx, fn](request_ptr req, responder res) {
    fn(ctx, std::move(req), std::move(res));
  };
}

} // namespace souk
