#include "http/server_app.hpp"

#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "actors/cart/cart_entity.hpp"
#include "actors/catalog/catalog_entity.hpp"
#include "actors/catalog/catalog_follower.hpp"
#include "actors/checkout/checkout_workflow.hpp"
#include "actors/checkout/order_confirmation.hpp"
#include "actors/checkout/stock_settlement.hpp"
#include "actors/inventory/inventory.hpp"
#include "actors/notifications/notifier.hpp"
#include "actors/notifications/smtp_provider.hpp"
#include "actors/order/order_entity.hpp"
#include "actors/order/order_numbers.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/json_writer.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/runtime/units.hpp"
#include "actors/runtime/uuid.hpp"
#include "actors/workflows/engine.hpp"
#include "actors/workflows/workflow_starter.hpp"
#include "http/http_metrics.hpp"
#include "http/http_server.hpp"
#include "http/passwords.hpp"
#include "http/routes.hpp"
#include "persistence/durable_subscriber.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/postgres.hpp"

namespace souk {

namespace {

std::shared_ptr<notifications::notification_provider>
make_provider(const notifications_config& cfg) {
  if (cfg.provider == "local")
    return std::make_shared<notifications::local_provider>();
  notifications::smtp_options o;
  o.host = cfg.smtp_host;
  o.port = cfg.smtp_port;
  o.user = cfg.smtp_user;
  o.password = cfg.smtp_password;
  o.from = cfg.smtp_from;
  o.starttls = cfg.smtp_starttls;
  o.verify_tls = cfg.smtp_verify_tls;
  return std::make_shared<notifications::smtp_provider>(o);
}

using catalog_reply = entity_reply<catalog::catalog_domain>;

} // namespace

struct server_app::impl {
  std::string conninfo;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor reader;
  caf::actor appender;
  caf::actor index;
  caf::actor engine;
  caf::actor catalog;
  caf::actor carts;
  caf::actor inventory;
  caf::actor orders;
  caf::actor order_numbers;
  catalog::catalog_view catalog_view;
  std::shared_ptr<catalog::catalog_follower> catalog_follower;
  /// Feeds `catalog_follower`: a non-durable follower of the feed.
  std::shared_ptr<durable_subscriber> catalog_feed;
  std::shared_ptr<workflows::step_pool> steps;
  std::shared_ptr<notifications::notifier> notifier;
  std::unique_ptr<db_pool> db;
  std::unique_ptr<db_pool> passwords;
  std::shared_ptr<durable_subscriber> order_list;
  std::shared_ptr<durable_subscriber> confirmations;
  std::shared_ptr<durable_subscriber> stock;
  login_limiter by_email{5, std::chrono::minutes{15}};
  login_limiter by_address{50, std::chrono::minutes{15}};
  login_limiter signups{20, std::chrono::minutes{15}};
  render_cache rendered;
  http_metrics requests;
  std::vector<route_info> routes;
  std::mutex metrics_mtx;
  std::unique_ptr<feed_stats_port> metrics_db;
  std::unique_ptr<app_context> ctx;
  std::unique_ptr<http_server> server;
  std::chrono::milliseconds shutdown_grace{0};

  // Runs a catalog command on the entity, as a workflow or a command line
  // would, and answers the state it produced. The view follows from the
  // committed events, not from here.
  expected<catalog::catalog_state, std::string>
  catalog_command(catalog::catalog_command cmd) {
    caf::scoped_actor self{sys};
    std::optional<expected<catalog::catalog_state, std::string>> out;
    self
      ->request(catalog, std::chrono::seconds{30}, std::string{"main"},
                std::move(cmd))
      .receive(
        [&](catalog_reply& r) {
          if (!r)
            return out.emplace(r.error().message), void();
          out.emplace(std::move(*r));
        },
        [&](caf::error& err) { out.emplace(caf::to_string(err)); });
    return std::move(*out);
  }

  // `catalog_command`, then waits until the view shows it (blocks).
  expected<catalog::catalog_state, std::string>
  catalog_write(catalog::catalog_command cmd) {
    auto r = catalog_command(std::move(cmd));
    if (r && !catalog_view.wait_for(r->version, std::chrono::seconds{10}))
      return "the catalog view did not reach version "
             + std::to_string(r->version);
    return r;
  }

  // The view follows the committed events of the `catalog` stream,
  // whoever wrote them (docs/runtime.md). The follower starts at the feed
  // head, and the stream is read once it has found that head: an event
  // committed later reaches the follower, one committed earlier is in the
  // read (the follower has no start position to hand it, hence the short
  // wait for it to connect). Then the entity is loaded, as a check and so
  // the first write does not wait for it. Says why when one fails.
  std::optional<std::string> follow_catalog(const std::string& conninfo) {
    using namespace std::chrono_literals;
    auto stream = catalog::catalog_domain::stream({});
    std::shared_ptr<stream_reader> store = open_stream_reader(conninfo);
    catalog_follower = std::make_shared<catalog::catalog_follower>(
      catalog_view, [store, stream](std::int64_t from) {
        return store->read_stream(stream, from);
      });
    subscriber_options follow;
    follow.durable = false;
    catalog_feed = std::make_shared<durable_subscriber>(
      conninfo,
      subscription{
        "catalog-view",
        {},
        stream,
        [f = catalog_follower](const recorded_event& ev) { f->handle(ev); }},
      follow);
    for (auto waited = 0ms; !catalog_feed->active(); waited += 10ms) {
      if (waited >= 10s)
        return std::string{"cannot follow the catalog's events"};
      std::this_thread::sleep_for(10ms);
    }
    if (auto caught = catalog_follower->catch_up(); !caught)
      return "cannot load the catalog: " + caught.error();
    if (auto loaded = catalog_command(catalog::read_catalog{}); !loaded)
      return "cannot load the catalog: " + loaded.error();
    return std::nullopt;
  }

  expected<bool, std::string> set_stock(const std::string& variant,
                                        std::int64_t units) {
    caf::scoped_actor self{sys};
    std::optional<expected<bool, std::string>> out;
    self
      ->request(inventory, std::chrono::seconds{30}, variant,
                inventory::inventory_command{
                  inventory::set_stock{units, "system:seed", now_ms()}})
      .receive(
        [&](entity_reply<inventory::inventory_domain>& r) {
          if (!r)
            return out.emplace(r.error().message), void();
          out.emplace(true);
        },
        [&](caf::error& err) { out.emplace(caf::to_string(err)); });
    return std::move(*out);
  }

  // GET /metrics: requests, group commit, resident actors, subscriber lag,
  // workflow executions. Blocks (actor counts, two small queries: the feed
  // head is one probe of the primary key, the workflow counts one row).
  std::string render_metrics() {
    std::string out = requests.render();
    auto gauge = [&out](const std::string& name, const std::string& help,
                        const std::string& type) {
      out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type
             + "\n";
    };
    auto st = writer->stats();
    gauge("souk_group_commit_batches_total", "Batches committed.", "counter");
    out
      += "souk_group_commit_batches_total " + std::to_string(st.batches) + "\n";
    gauge("souk_group_commit_appends_total", "Appends committed.", "counter");
    out
      += "souk_group_commit_appends_total " + std::to_string(st.appends) + "\n";
    gauge("souk_group_commit_events_total", "Events committed.", "counter");
    out += "souk_group_commit_events_total " + std::to_string(st.events) + "\n";
    gauge("souk_resident_actors", "Entity actors in memory, by kind.", "gauge");
    caf::scoped_actor self{sys};
    for (auto [kind, host] :
         {std::pair{"cart", carts}, std::pair{"order", orders},
          std::pair{"inventory", inventory}, std::pair{"catalog", catalog}}) {
      std::int64_t live = -1;
      self->request(host, std::chrono::seconds{2}, count_atom::value)
        .receive([&](std::int64_t n) { live = n; }, [](caf::error&) {});
      if (live >= 0)
        out += "souk_resident_actors{kind=\"" + std::string{kind} + "\"} "
               + std::to_string(live) + "\n";
    }
    std::lock_guard<std::mutex> guard{metrics_mtx};
    if (!metrics_db)
      metrics_db = open_feed_stats(conninfo);
    auto head = metrics_db->feed_head();
    if (head) {
      gauge("souk_subscriber_lag_events",
            "Events committed that a subscriber has not handled yet.", "gauge");
      for (auto [name, sub] : {std::pair{"catalog-view", catalog_feed},
                               std::pair{"order-list", order_list},
                               std::pair{"order-confirmation", confirmations},
                               std::pair{"order-stock", stock}})
        if (sub)
          out += "souk_subscriber_lag_events{subscriber=\"" + std::string{name}
                 + "\"} " + std::to_string(*head - sub->position()) + "\n";
    }
    // Counters kept by the append itself (migration 0008): one row, not a
    // count over the events.
    auto counts = metrics_db->execution_counts();
    if (counts) {
      gauge("souk_workflow_executions", "Workflow executions, by state.",
            "gauge");
      out += "souk_workflow_executions{state=\"running\"} "
             + std::to_string(counts->running()) + "\n";
      out += "souk_workflow_executions{state=\"completed\"} "
             + std::to_string(counts->completed) + "\n";
      out += "souk_workflow_executions{state=\"failed\"} "
             + std::to_string(counts->failed) + "\n";
    }
    return out;
  }

  ~impl() {
    // Stop taking requests, let those in flight finish (they need the
    // actors), then stop the actors and the writer.
    if (server) {
      if (auto left = server->drain(shutdown_grace))
        spdlog::warn("{} request(s) still in flight after {} ms; dropped", left,
                     shutdown_grace.count());
      server->stop();
    }
    passwords.reset(); // finish the jobs in progress
    db.reset();
    catalog_feed.reset(); // its thread writes to catalog_view
    order_list.reset();
    confirmations.reset();
    stock.reset();
    for (auto& a : {engine, carts, inventory, orders, order_numbers, catalog,
                    index, appender, reader})
      if (a)
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

expected<std::unique_ptr<server_app>, std::string>
server_app::start(const config& cfg, const std::string& conninfo) {
  std::unique_ptr<server_app> app{new server_app};
  app->impl_ = std::make_unique<impl>();
  auto& d = *app->impl_;
  d.conninfo = conninfo;
  d.writer = std::make_shared<group_commit_writer>(group_commit_options{
    conninfo, cfg.event_store.batch_max, cfg.event_store.queue_limit,
    cfg.event_store.reconnect_timeout});
  d.reader = spawn_stream_reader(
    d.sys, [conninfo] { return open_stream_reader(conninfo); }, 4);
  d.appender = spawn_append_bridge(d.sys, d.writer);
  d.index = workflows::spawn_execution_index(
    d.sys, [conninfo] { return open_execution_index(conninfo); });
  d.steps = std::make_shared<workflows::step_pool>(
    static_cast<std::size_t>(cfg.workflows.step_threads));
  d.notifier = std::make_shared<notifications::notifier>(
    make_provider(cfg.notifications), open_notification_log(conninfo));
  host_options catalog_opts;
  catalog_opts.entity.snapshot_every = 0;
  catalog_opts.entity.idle_timeout = std::chrono::hours{24 * 365};
  d.catalog = d.sys.spawn(entity_host<catalog::catalog_domain>, d.reader,
                          d.appender, catalog_opts);
  if (auto failed = d.follow_catalog(conninfo))
    return *failed;
  host_options cart_opts;
  cart_opts.entity.snapshot_every = 0;
  cart_opts.entity.idle_timeout = std::chrono::minutes{10};
  d.carts = d.sys.spawn(entity_host<cart::cart_domain>, d.reader, d.appender,
                        cart_opts);
  d.inventory = d.sys.spawn(entity_host<inventory::inventory_domain>, d.reader,
                            d.appender, host_options{});
  d.order_numbers = d.sys.spawn(entity_host<order::numbers_domain>, d.reader,
                                d.appender, host_options{});
  d.orders = d.sys.spawn(entity_host<order::order_domain>, d.reader, d.appender,
                         host_options{});
  // The workflows souk runs; the ticket module adds its own here.
  auto set = workflows::make_workflow_set(
    {checkout::checkout_workflow(
       {&d.sys, d.carts, d.inventory, d.orders, d.order_numbers,
        std::make_shared<payment::system_provider>(), &d.catalog_view}),
     checkout::order_confirmation_workflow(d.notifier, d.steps),
     checkout::stock_settlement_workflow(d.sys, d.orders, d.inventory)});
  if (!set)
    return set.error();
  spdlog::info("workflows: {} defined; notifications: {}", set->size(),
               d.notifier->provider());
  d.engine = workflows::spawn_workflow_engine(d.sys, std::move(*set), d.reader,
                                              d.appender, d.index);
  d.db = std::make_unique<db_pool>(conninfo, 2);
  d.passwords = std::make_unique<db_pool>(conninfo, 1, 64);
  // The order list (a read model) follows the order events; commits wake
  // it, so it lags a write by milliseconds, not a poll interval.
  d.order_list = std::make_shared<durable_subscriber>(
    conninfo,
    subscription{"order-list", order_list_event_types(), "order-",
                 order_list_projection(conninfo)},
    subscriber_options{});
  // Placed orders are confirmed by e-mail, once each (at-least-once
  // delivery, one workflow execution per order).
  d.confirmations = std::make_shared<durable_subscriber>(
    conninfo,
    subscription{"order-confirmation",
                 {"order.placed.v1"},
                 "order-",
                 workflows::workflow_starter(d.sys, d.engine,
                                             {checkout::confirmation_workflow,
                                              checkout::confirmation_key,
                                              checkout::confirmation_input})});
  // A cancelled order's stock is released, a fulfilled one's consumed.
  d.stock = std::make_shared<durable_subscriber>(
    conninfo,
    subscription{"order-stock", checkout::stock_event_types(), "order-",
                 workflows::workflow_starter(d.sys, d.engine,
                                             {checkout::stock_workflow,
                                              checkout::stock_key,
                                              checkout::stock_input})});
  for (auto& sub : {d.catalog_feed, d.order_list, d.confirmations, d.stock})
    d.writer->add_commit_listener(
      [weak = std::weak_ptr<durable_subscriber>{sub}] {
        if (auto s = weak.lock())
          s->wake();
      });
  d.ctx = std::make_unique<app_context>(app_context{
    d.sys, d.catalog, d.catalog_view, d.engine, d.carts, d.inventory, d.orders,
    cfg.auth_secret.empty() ? random_hex() : cfg.auth_secret, *d.db,
    *d.passwords, d.by_email, d.by_address, d.signups, d.rendered,
    [&d](std::int64_t position) {
      using namespace std::chrono_literals;
      if (!d.order_list->wait_for(position, 3s))
        spdlog::warn("order list behind position {}: answering from it as it"
                     " is",
                     position);
    },
    [&d] { return d.render_metrics(); }, cfg.metrics_token});
  try {
    auto routes = make_routes(*d.ctx);
    routes.allow_origins(cfg.http.cors_origins);
    routes.count_in(&d.requests);
    d.routes = routes.routes();
    d.server = std::make_unique<http_server>(cfg.http, std::move(routes));
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

expected<demo_store, std::string> server_app::seed_demo() {
  auto& d = *impl_;
  auto current = d.catalog_view.get();
  auto at = now_ms();
  std::string by = "system:seed";
  demo_store demo;
  if (current->regions.empty()) {
    auto sc = make_id("sc");
    auto steps = std::vector<catalog::catalog_command>{
      catalog::create_publishable_key{
        {"pk_" + random_hex(32), sc, "Webshop"}, by, at},
      catalog::create_region{
        {make_id("reg"), "Germany", "eur", 1900, {"de"}, at, at}, by, at}};
    for (auto& c : steps)
      if (auto r = d.catalog_write(c); !r)
        return "demo seed: " + r.error();
    auto region = d.catalog_view.get()->regions.begin()->second;
    auto standard = catalog::create_shipping_option{
      {make_id("so"), "Standard shipping", region.id, 495, at}, by, at};
    auto made = 0; // products get distinct creation times, in this order
    auto box = [&](std::string title, std::string description,
                   std::vector<std::pair<std::string, std::int64_t>> sizes,
                   std::string sku) {
      catalog::product p;
      p.id = make_id("prod");
      p.title = std::move(title);
      p.description = std::move(description);
      p.created_at = p.updated_at = at + made++;
      catalog::product_option size{make_id("opt"), "Size", {}};
      for (auto& [label, cents] : sizes) {
        size.values.push_back(label);
        p.variants.push_back({make_id("variant"),
                              label,
                              sku + "-" + label,
                              {{"eur", cents}},
                              {{"Size", label}},
                              true});
      }
      p.options.push_back(size);
      return catalog::catalog_command{catalog::create_product{p, by, at}};
    };
    for (auto& c : std::vector<catalog::catalog_command>{
           standard,
           box("Printed Pizza Box", "Kraft board, your logo in two colours.",
               {{"30cm", 120}, {"40cm", 150}}, "PIZZA"),
           box("Mailer Box", "Corrugated mailer, printed inside and out.",
               {{"S", 210}, {"M", 260}, {"L", 340}}, "MAILER"),
           box("Coffee Cup Sleeve", "Recycled board sleeve, full colour.",
               {{"8oz", 35}, {"12oz", 40}}, "SLEEVE")})
      if (auto r = d.catalog_write(c); !r)
        return "demo seed: " + r.error();
    for (auto& [variant, product] : d.catalog_view.get()->variant_index)
      if (auto r = d.set_stock(variant, 1000); !r)
        return "demo seed: " + r.error();
    spdlog::info("seeded the demo store");
  }
  demo.admin_email = "admin@souk.local";
  auto accounts = open_accounts(d.conninfo);
  auto admin = accounts->find_identity("user", demo.admin_email);
  if (!admin)
    return "demo seed: " + admin.error().message;
  if (!*admin) {
    demo.admin_password = random_hex(12);
    if (auto made
        = create_admin(d.conninfo, demo.admin_email, demo.admin_password);
        !made)
      return "demo seed: " + made.error();
  }
  auto catalog = d.catalog_view.get();
  auto& key = catalog->keys.begin()->second;
  demo.publishable_key = key.token;
  demo.sales_channel_id = key.sales_channel_id;
  demo.region_id = catalog->regions.begin()->first;
  demo.shipping_option_id = catalog->shipping_options.begin()->first;
  for (auto* p : catalog->products_by_creation()) {
    std::vector<std::string> variants;
    for (auto& v : p->variants)
      variants.push_back(v.id);
    demo.products.emplace_back(p->id, std::move(variants));
  }
  return demo;
}

expected<bool, std::string> server_app::set_stock(const std::string& variant,
                                                  std::int64_t units) {
  return impl_->set_stock(variant, units);
}

expected<catalog::catalog_state, std::string>
server_app::catalog_command(catalog::catalog_command cmd) {
  return impl_->catalog_command(std::move(cmd));
}

bool server_app::wait_for_catalog(std::int64_t version,
                                  std::chrono::milliseconds timeout) {
  return impl_->catalog_view.wait_for(version, timeout);
}

expected<bool, std::string> create_admin(const std::string& conninfo,
                                         const std::string& email,
                                         const std::string& password) {
  if (email.find('@') == std::string::npos)
    return std::string{"--email must be an e-mail address"};
  if (password.size() < 8)
    return std::string{"--password needs at least 8 characters"};
  auto accounts = open_accounts(conninfo);
  auto id = make_id("user");
  auto lowered = ascii_lower(email);
  auto added = accounts->add_user(
    id, {make_id("authid"), "user", lowered, hash_password(password), id});
  if (!added)
    return added.error().message;
  if (!*added)
    return "a user with e-mail " + email + " exists";
  return true;
}

std::string to_json(const demo_store& demo) {
  json_writer w;
  w.begin_object();
  w.key("admin_email").value(demo.admin_email);
  w.key("admin_password").value(demo.admin_password);
  w.key("publishable_key").value(demo.publishable_key);
  w.key("sales_channel_id").value(demo.sales_channel_id);
  w.key("region_id").value(demo.region_id);
  w.key("shipping_option_id").value(demo.shipping_option_id);
  w.key("products").begin_array();
  for (auto& [id, variants] : demo.products) {
    w.begin_object().key("id").value(id).key("variant_ids").begin_array();
    for (auto& v : variants)
      w.value(v);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

} // namespace souk
