#pragma once

#include <memory>

#include "http/beast.hpp"
#include "http/live_hub.hpp"

namespace souk {

class services;

/// Takes over an upgraded connection to GET /ws (docs/live.md): checks
/// its Origin, accepts the WebSocket handshake, authenticates (the
/// upgrade's bearer token or the first frame), then serves subscriptions
/// from `hub` until either side closes. Runs on the connection's strand.
/// `ctx` and `hub` outlive it (the hub closes its sessions on stop).
void start_live_session(beast::tcp_stream&& stream, http_request&& req,
                        services& ctx, std::shared_ptr<live::hub> hub);

} // namespace souk
