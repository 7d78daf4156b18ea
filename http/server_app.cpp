// The composition root's runtime: infrastructure, then the modules on it.
// What a module adds is in its own file (http/modules/); the runtime knows
// no domain. (The demo-store helpers at the end forward to demo_seed.cpp
// for tests, benchmarks and `souk serve --demo`.)
#include "http/server_app.hpp"

#include <spdlog/spdlog.h>

#include "actors/catalog/catalog_view.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "actors/workflows/workflow_starter.hpp"
#include "http/access_gate.hpp"
#include "http/http_metrics.hpp"
#include "http/http_server.hpp"
#include "http/openapi.hpp"
#include "http/passwords.hpp"
#include "http/routes.hpp"
#include "http/server_metrics.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/postgres.hpp"

namespace souk {

struct server_app::impl {
  std::string conninfo;
  config cfg;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config sys_cfg;
  caf::actor_system sys{sys_cfg};
  caf::actor reader;
  caf::actor appender;
  caf::actor index;
  std::unique_ptr<db_pool> db;
  std::unique_ptr<db_pool> passwords;
  std::unique_ptr<services> svc;
  module_context::declared declared;
  http_metrics requests;
  std::unique_ptr<server_metrics> metrics;
  std::vector<route_info> routes;
  std::unique_ptr<http_server> server;
  std::chrono::milliseconds shutdown_grace{0};

  // Installs the modules in order, then runs their start hooks.
  std::optional<std::string> install(std::vector<module>& modules, router& r) {
    module_context ctx{*svc, r, declared, conninfo};
    for (auto& m : modules) {
      ctx.begin(m.name);
      try {
        m.install(ctx);
      } catch (const std::exception& e) {
        return "module " + m.name + ": " + e.what();
      }
    }
    for (auto& hook : declared.on_start)
      if (auto failed = hook())
        return failed;
    declared.on_start.clear();
    return std::nullopt;
  }

  // Spawns the engine with every module's workflows, then the subscribers
  // that start them.
  std::optional<std::string> start_workflows() {
    auto set = workflows::make_workflow_set(std::move(declared.workflows));
    if (!set)
      return set.error();
    spdlog::info("workflows: {} defined", set->size());
    auto engine = workflows::spawn_workflow_engine(sys, std::move(*set), reader,
                                                   appender, index);
    svc->engine_ = workflows::engine_ref{sys, engine};
    for (auto& s : declared.starters)
      declared.subscribers.emplace_back(
        s.name, std::make_shared<durable_subscriber>(
                  conninfo,
                  subscription{s.name, s.event_types, s.stream_prefix,
                               workflows::workflow_starter(sys, engine,
                                                           std::move(s.start))},
                  s.opts));
    declared.starters.clear();
    return std::nullopt;
  }

  ~impl() {
    // Stop taking requests, let those in flight finish (they need the
    // actors), then stop the subscribers (their threads use the modules'
    // objects), the actors and the writer.
    for (auto& hook : declared.on_stop)
      hook();
    if (server) {
      if (auto left = server->drain(shutdown_grace))
        spdlog::warn("{} request(s) still in flight after {} ms; dropped", left,
                     shutdown_grace.count());
      server->stop();
    }
    passwords.reset(); // finish the jobs in progress
    if (svc && svc->steps)
      svc->steps->shutdown(); // step bodies use the database and the actors
    db.reset();
    declared.subscribers.clear();
    if (svc && svc->engine_.actor())
      caf::anon_send_exit(svc->engine_.actor(),
                          caf::exit_reason::user_shutdown);
    for (auto& kind : declared.kinds)
      caf::anon_send_exit(kind.host, caf::exit_reason::user_shutdown);
    for (auto& a : {index, appender, reader})
      if (a)
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    // Before the modules' objects go: a workflow step may still read one.
    sys.await_all_actors_done();
  }
};

expected<std::unique_ptr<server_app>, std::string>
server_app::start(const config& cfg, const std::string& conninfo,
                  std::vector<module> modules) {
  std::unique_ptr<server_app> app{new server_app};
  app->impl_ = std::make_unique<impl>();
  auto& d = *app->impl_;
  d.conninfo = conninfo;
  d.cfg = cfg;
  if (auto bad = check_module_names(modules))
    return *bad;
  auto migrations = all_migrations(modules);
  if (auto applied = migrate_database(conninfo, migrations); !applied)
    return applied.error();
  d.writer = std::make_shared<group_commit_writer>(group_commit_options{
    conninfo, cfg.event_store.batch_max, cfg.event_store.queue_limit,
    cfg.event_store.reconnect_timeout});
  d.reader = spawn_stream_reader(
    d.sys, [conninfo] { return open_stream_reader(conninfo); }, 4);
  d.appender = spawn_append_bridge(d.sys, d.writer);
  d.index = workflows::spawn_execution_index(
    d.sys, [conninfo] { return open_execution_index(conninfo); });
  d.db = std::make_unique<db_pool>(conninfo, 2);
  d.passwords = std::make_unique<db_pool>(conninfo, 1, 64);
  d.svc = std::make_unique<services>(
    d.sys, d.cfg, d.reader, d.appender, *d.db, *d.passwords,
    cfg.auth_secret.empty() ? random_hex() : cfg.auth_secret);
  d.svc->steps = std::make_shared<workflows::step_pool>(
    static_cast<std::size_t>(cfg.workflows.step_threads));
  d.metrics = std::make_unique<server_metrics>(conninfo, d.writer, d.declared,
                                               d.requests);
  router r;
  auto description = std::make_shared<std::string>();
  add_runtime_routes(r, *d.svc, static_cast<std::int64_t>(migrations.size()),
                     description, [&d] { return d.metrics->render(); });
  add_workflow_routes(r, *d.svc); // the engine is there before any request
  if (auto failed = d.install(modules, r))
    return *failed;
  if (auto failed = d.start_workflows())
    return *failed;
  for (auto& [name, sub] : d.declared.subscribers)
    d.writer->add_commit_listener(
      [weak = std::weak_ptr<durable_subscriber>{sub}] {
        if (auto s = weak.lock())
          s->wake();
      });
  for (auto& route : r.routes())
    if (!route.rule.resource.empty()
        && !d.svc->owners().count(route.rule.resource))
      return "route " + route.pattern + " names resource '"
             + route.rule.resource + "', which no module declares";
  *description = openapi_json(r.routes());
  r.guard_with(make_access_gate(*d.svc));
  r.allow_origins(cfg.http.cors_origins);
  r.count_in(&d.requests);
  d.routes = r.routes();
  try {
    // The router answers requests and, before their bodies are read, says
    // how large a body their route takes.
    auto routes = std::make_shared<const router>(std::move(r));
    d.server = std::make_unique<http_server>(
      cfg.http,
      [routes](http_request&& req, responder respond) {
        (*routes)(std::move(req), std::move(respond));
      },
      [routes](const http::request_header<>& header) {
        return routes->body_limit(header.method(), to_std(header.target()));
      },
      [upgrades = d.declared.upgrades](beast::tcp_stream& stream,
                                       http_request& req) {
        // The exact path: "//ws" or "/./ws" are not it (the router answers
        // them as any other unknown path).
        auto target = to_std(req.target());
        auto i = upgrades.find(std::string{target.substr(0, target.find('?'))});
        return req.method() == http::verb::get && i != upgrades.end()
               && i->second(stream, req);
      });
    d.shutdown_grace = cfg.http.shutdown_grace;
  } catch (const std::exception& e) {
    return "cannot listen on " + cfg.http.host + ":"
           + std::to_string(cfg.http.port) + ": " + e.what();
  }
  return app;
}

server_app::~server_app() = default;

std::vector<route_info> server_app::routes() const {
  return impl_->routes;
}

std::uint16_t server_app::port() const noexcept {
  return impl_->server->port();
}

services& server_app::svc() noexcept {
  return *impl_->svc;
}

expected<demo_store, std::string> server_app::seed_demo() {
  return souk::seed_demo(*impl_->svc, impl_->conninfo);
}

expected<bool, std::string> server_app::set_stock(const std::string& variant,
                                                  std::int64_t units) {
  return souk::set_stock(*impl_->svc, variant, units);
}

expected<catalog::catalog_state, std::string>
server_app::catalog_command(catalog::catalog_command cmd) {
  return souk::catalog_command(*impl_->svc, std::move(cmd));
}

bool server_app::wait_for_catalog(std::int64_t version,
                                  std::chrono::milliseconds timeout) {
  return impl_->svc->get<catalog::catalog_view>().wait_for(version, timeout);
}

} // namespace souk
