#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "http/beast.hpp"

namespace souk {

/// The header the server sets (overwriting any sent) to the client's IP.
inline constexpr const char* client_address_header = "x-souk-client-address";

/// Answers one request by calling the responder once, now or later, from
/// any thread. Runs on an I/O thread: must not block.
using request_handler
  = std::function<void(http_request&&, std::function<void(http_response)>)>;

/// The body limit of a request when nothing says otherwise: 1 MiB.
inline constexpr std::uint64_t default_body_limit = 1024 * 1024;

/// The most bytes of body a request with this header may send (a router's
/// `body_limit`). Runs on an I/O thread for every request, once its header
/// is read: must not block.
using body_limit_for
  = std::function<std::uint64_t(const http::request_header<>&)>;

/// Takes over a connection whose request asks for a WebSocket upgrade:
/// true when it moved `stream` out (the server forgets the connection),
/// false to answer the request as any other. Runs on the connection's I/O
/// thread: must not block.
using upgrade_handler
  = std::function<bool(beast::tcp_stream& stream, http_request& req)>;

struct connections;

/// An HTTP/1.1 server: keep-alive, a body limit per request (413 past it),
/// a header limit, a read timeout against slow clients, `threads` I/O
/// threads. One request per connection is in flight at a time (no
/// pipelining); its answer may come from another thread.
class http_server {
public:
  /// Binds `cfg.host:cfg.port`; throws boost::system::system_error when the
  /// address cannot be bound. The header of each request is read first and
  /// `limit` asked for its body limit (without one: `default_body_limit`);
  /// a Content-Length past it is refused before any of the body is read, a
  /// chunked body once its chunks pass it. A WebSocket upgrade request is
  /// offered to `upgrade` first.
  http_server(const http_config& cfg, request_handler handler,
              body_limit_for limit = {}, upgrade_handler upgrade = {});

  /// Stops at once (see `stop`).
  ~http_server();

  /// The bound port (useful when configured as 0).
  std::uint16_t port() const noexcept { return port_; }

  /// Graceful part of a shutdown: stops accepting, closes idle keep-alive
  /// connections, and waits up to `grace` for the requests in flight to be
  /// answered (with `Connection: close`). Returns how many were still in
  /// flight when it gave up (0: all answered).
  int drain(std::chrono::milliseconds grace);

  /// Stops the I/O threads; answers not yet written are dropped.
  void stop();

  /// Requests read and not yet answered.
  int in_flight() const;

private:
  net::io_context ioc_;
  std::shared_ptr<connections> connections_;
  std::function<void()> stop_accepting_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> threads_;
};

} // namespace souk
