#include <thread>

#include "http/live_hub.hpp"
#include "http/live_session.hpp"
#include "http/modules/modules.hpp"
#include "http/response.hpp"

namespace souk {

namespace {

live::options options_of(const config& cfg) {
  live::options o;
  o.queue_frames = static_cast<std::size_t>(cfg.live.queue_frames);
  o.queue_bytes = static_cast<std::size_t>(cfg.live.queue_bytes);
  o.replay_window = cfg.live.replay_window;
  o.max_connections = static_cast<std::size_t>(cfg.http.max_connections);
  o.max_connections_per_viewer = static_cast<std::size_t>(cfg.live.per_viewer);
  return o;
}

std::string render_metrics(const live::hub& hub) {
  return "# HELP souk_live_connections Open live-update (WebSocket) "
         "connections.\n# TYPE souk_live_connections gauge\n"
         "souk_live_connections "
         + std::to_string(hub.connections())
         + "\n# HELP souk_live_dropped_total Live connections closed for "
           "being too slow (send queue full).\n"
           "# TYPE souk_live_dropped_total counter\nsouk_live_dropped_total "
         + std::to_string(hub.dropped()) + "\n";
}

void install(module_context& m) {
  auto& svc = m.svc();
  // An admin's order as GET /admin/orders/:id shows it: with what the
  // modules before this one add (the tickets).
  auto& members = svc.extensions("admin.order");
  auto hub = std::make_shared<live::hub>(
    options_of(m.cfg()), m.conninfo(),
    [&members](const std::string& id, std::string& json, db_handles& h) {
      add_members(json, members, id, h);
    });
  // Committed events only, in feed order: the gap-free feed, from its head.
  subscriber_options follow;
  follow.durable = false;
  hub->follow(m.subscriber(
    {"live", {}, "", [hub](const recorded_event& e) { hub->on_event(e); }},
    follow));
  m.upgrade("/ws", [&svc, hub](beast::tcp_stream& stream, http_request& req) {
    start_live_session(std::move(stream), std::move(req), svc, hub);
    return true;
  });
  // Anything but an upgrade to /ws: what to do instead.
  m.routes().add(
    http::verb::get, "/ws", access::anyone(),
    "Live updates: a WebSocket (docs/live.md)", [](request_ptr, responder res) {
      auto out
        = error_response(http::status::upgrade_required, "invalid_request",
                         "GET /ws is a WebSocket: send Upgrade: websocket");
      out.set(http::field::upgrade, "websocket");
      res(std::move(out));
    });
  m.metrics([hub] { return render_metrics(*hub); });
  m.on_stop([hub] {
    hub->close_all();
    // The close frames go out on the I/O threads: a moment for them.
    for (int i = 0; i < 200 && hub->connections() > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  });
}

} // namespace

module live_module() {
  return {"live", {}, install};
}

} // namespace souk
