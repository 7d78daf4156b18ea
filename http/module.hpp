#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/notifications/message_template.hpp"
#include "actors/runtime/entity_ref.hpp"
#include "actors/workflows/workflow.hpp"
#include "actors/workflows/workflow_starter.hpp"
#include "http/http_server.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "persistence/durable_subscriber.hpp"
#include "persistence/migration_file.hpp"

namespace souk {

class module_context;

/// A command line a module adds (`souk tickets backfill`): it runs with
/// the runtime started (every module installed, the workflows running, no
/// one else's requests), writes what it did to `out`, and returns the exit
/// status.
struct module_command {
  /// Two words: "tickets backfill".
  std::string name;
  std::string help;
  std::function<int(services& svc, const std::string& conninfo,
                    std::ostream& out)>
    run;
};

/// One part of the shop: its data, its rules, its API. Everything a
/// module adds is declared in its `install`, through the context; the
/// composition root (http/modules/modules.cpp) lists the modules, and nothing
/// else knows them. docs/extending.md walks through writing one.
struct module {
  /// "cart" (1 to 64 of a-z 0-9 - _, unique): names it in start errors;
  /// prefixes its migrations' names.
  std::string name;
  /// SQL applied once, in order, after souk's own migrations and those of
  /// the modules listed before it (recorded as "<name>/<file name>").
  std::vector<migration_file> migrations;
  /// Declares the module's entity kinds, workflows, subscribers, routes,
  /// resource owners, message templates, metrics and shared objects.
  /// Throws (a std::exception) when something it needs is missing.
  std::function<void(module_context&)> install;
  /// Commands it adds to `souk`.
  std::vector<module_command> commands = {};
};

/// Something to run once every module is installed, before the workflow
/// engine resumes executions and before the first request (loading a view
/// the workflows read); says why when the server cannot start.
using start_hook = std::function<std::optional<std::string>()>;

/// What a module's `install` declares things with. Declarations take
/// effect in the order modules are listed: an entity kind declared by an
/// earlier module can be looked up by a later one (`svc().entities<D>()`).
class module_context {
public:
  /// The parts every module may use, and what earlier modules declared.
  services& svc() noexcept { return svc_; }
  const config& cfg() const noexcept { return svc_.cfg; }
  const std::string& module_name() const noexcept { return module_; }
  /// The database, for a module's own read models (its subscribers open
  /// their connections with it).
  const std::string& conninfo() const noexcept { return conninfo_; }

  /// Entity kind `Domain`: spawns its host now. The domain's traits are
  /// its rules (`decide`, `evolve`), its stream names, its events' names
  /// and codec (`codec()`) and its snapshot format; `Domain::kind` labels
  /// its resident count in /metrics. `opts` holds its snapshot policy
  /// (`entity.snapshot_every`) and passivation (`entity.idle_timeout`).
  template <class Domain>
  entity_ref<Domain> entity(host_options opts = {}) {
    if (svc_.registry_.count(typeid(entity_ref<Domain>)))
      throw std::logic_error{"module " + module_ + " declares entity kind '"
                             + Domain::kind + "', which is declared already"};
    auto ref = entity_ref<Domain>::spawn(svc_.sys, svc_.store.reader(),
                                         svc_.store.appender(), opts);
    provide(std::make_shared<entity_ref<Domain>>(ref));
    add_kind(Domain::kind, ref.actor(),
             [ref](auto timeout) { return ref.resident(timeout); });
    return ref;
  }

  /// Workflow `def`, run by the engine; its name is unique across modules.
  void workflow(workflows::workflow_definition def);

  /// A durable subscriber (or, with `opts.durable` false, a follower of
  /// this process), started now; commits wake it and /metrics shows its
  /// lag. Its name is unique across modules.
  std::shared_ptr<durable_subscriber> subscriber(subscription sub,
                                                 subscriber_options opts = {});

  /// A durable subscriber `name` that starts `start.workflow` for every
  /// event of `event_types` on streams starting with `stream_prefix`, once
  /// per key (an empty key: none); started when the engine is.
  void start_workflow_on(std::string name, std::vector<std::string> event_types,
                         std::string stream_prefix, workflows::start_rule start,
                         subscriber_options opts = {});

  /// The route table: `routes().add(verb, pattern, access, summary,
  /// handler)`. The access rule is enforced by the gate; `owner-of(kind)`
  /// needs the kind declared with `owner`.
  router& routes() noexcept { return routes_; }

  /// How the access gate finds who owns resource `kind` ("cart").
  void owner(std::string kind, owner_lookup lookup);

  /// The publishable keys the `store` audience accepts (key → sales
  /// channel).
  void publishable_keys(
    std::function<std::optional<std::string>(std::string_view)> lookup);

  /// Adds members to the JSON other modules render of `resource`
  /// ("admin.order": GET /admin/orders/:id).
  void extend(std::string resource, json_extension fn) {
    svc_.extensions_[std::move(resource)].push_back(std::move(fn));
  }

  /// A message the module sends (`services().message(name)`).
  void message(notifications::message_template t);

  /// Extra lines for /metrics, in Prometheus text (# HELP/# TYPE and
  /// samples); called on a db-pool thread, may block briefly.
  void metrics(std::function<std::string()> render);

  /// `object`, for `services().get<T>()`: one per type.
  template <class T>
  void provide(std::shared_ptr<T> object) {
    auto [_, added] = svc_.registry_.emplace(typeid(T), std::move(object));
    if (!added)
      throw std::logic_error{"module " + module_ + " provides "
                             + typeid(T).name() + " a second time"};
  }

  /// Runs `hook` once every module is installed, before the engine starts.
  void on_start(start_hook hook);

  /// Takes over the connections whose request to exactly `path` asks for
  /// a WebSocket upgrade (on an I/O thread: `take` must not block). The
  /// path is also declared in the route table, for other requests to it.
  void upgrade(std::string path, upgrade_handler take);

  /// Runs `hook` first when the server stops, before requests in flight
  /// are drained (close what the drain does not: live connections).
  void on_stop(std::function<void()> hook);

  /// What the runtime keeps of the declarations (read by server_app).
  struct declared {
    struct kind {
      std::string name;
      caf::actor host;
      std::function<std::int64_t(std::chrono::milliseconds)> resident;
    };
    struct starter {
      std::string name;
      std::vector<std::string> event_types;
      std::string stream_prefix;
      workflows::start_rule start;
      subscriber_options opts;
    };
    std::vector<kind> kinds;
    std::vector<workflows::workflow_definition> workflows;
    std::vector<std::pair<std::string, std::shared_ptr<durable_subscriber>>>
      subscribers;
    std::vector<starter> starters;
    std::vector<std::function<std::string()>> metrics;
    std::vector<start_hook> on_start;
    std::map<std::string, upgrade_handler> upgrades;
    std::vector<std::function<void()>> on_stop;
  };

  module_context(services& svc, router& routes, declared& out,
                 std::string conninfo)
    : svc_(svc), routes_(routes), out_(out), conninfo_(std::move(conninfo)) {
    // nop
  }

  /// The module being installed now.
  void begin(const std::string& module) { module_ = module; }

private:
  void add_kind(std::string name, caf::actor host,
                std::function<std::int64_t(std::chrono::milliseconds)> n);
  void check_subscriber_name(const std::string& name) const;

  services& svc_;
  router& routes_;
  declared& out_;
  std::string conninfo_;
  std::string module_;
};

/// Why `modules` cannot run together: a name that is empty, not of
/// a-z 0-9 - _, or taken (it names the module's migrations and errors).
std::optional<std::string>
check_module_names(const std::vector<module>& modules);

/// Every migration: souk's own, then each module's in list order, named
/// "<module>/<file>".
std::vector<migration_file> all_migrations(const std::vector<module>& modules);

} // namespace souk
