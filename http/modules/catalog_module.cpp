#include <thread>

#include "actors/catalog/catalog_entity.hpp"
#include "actors/catalog/catalog_follower.hpp"
#include "http/modules/modules.hpp"
#include "http/render_cache.hpp"
#include "http/routes.hpp"

namespace souk {

namespace {

// Loads the view: the follower (started at install) has connected at the
// feed head, so an event committed later reaches it and one committed
// earlier is in this read. Then the entity is loaded, as a check and so
// the first write does not wait for it.
std::optional<std::string> load_catalog(services& svc,
                                        catalog::catalog_follower& follower,
                                        const durable_subscriber& feed) {
  using namespace std::chrono_literals;
  for (auto waited = 0ms; !feed.active(); waited += 10ms) {
    if (waited >= 10s)
      return std::string{"cannot follow the catalog's events"};
    std::this_thread::sleep_for(10ms);
  }
  if (auto caught = follower.catch_up(); !caught)
    return "cannot load the catalog: " + caught.error();
  auto loaded = svc.entities<catalog::catalog_domain>().call(
    "main", catalog::read_catalog{});
  if (!loaded)
    return "cannot load the catalog: " + loaded.error().message;
  return std::nullopt;
}

void install(module_context& m) {
  host_options opts;
  opts.entity.snapshot_every = 0; // one small stream, replayed at start
  opts.entity.idle_timeout = std::chrono::hours{24 * 365};
  m.entity<catalog::catalog_domain>(opts);
  // The view follows the committed events of the `catalog` stream, whoever
  // wrote them (docs/runtime.md): an HTTP route, a workflow, a command
  // line, another node.
  auto view = std::make_shared<catalog::catalog_view>();
  m.provide(view);
  m.provide(std::make_shared<render_cache>());
  auto stream = catalog::catalog_domain::stream({});
  auto& svc = m.svc();
  auto follower = std::make_shared<catalog::catalog_follower>(
    *view,
    [&svc, stream](std::int64_t from) { return svc.store.read(stream, from); });
  subscriber_options follow;
  follow.durable = false;
  auto feed = m.subscriber(
    {"catalog-view",
     {},
     stream,
     [follower](const recorded_event& ev) { follower->handle(ev); }},
    follow);
  m.on_start(
    [&svc, follower, feed] { return load_catalog(svc, *follower, *feed); });
  m.publishable_keys(
    [view](std::string_view key) -> std::optional<std::string> {
      auto catalog = view->get();
      auto i = catalog->keys.find(std::string{key});
      if (i == catalog->keys.end())
        return std::nullopt;
      return i->second.sales_channel_id;
    });
  add_store_routes(m.routes(), svc);
  add_store_group_routes(m.routes(), svc);
  add_admin_group_routes(m.routes(), svc);
  add_admin_product_routes(m.routes(), svc);
  add_admin_region_routes(m.routes(), svc);
}

} // namespace

module catalog_module() {
  return {"catalog", {}, install};
}

} // namespace souk
