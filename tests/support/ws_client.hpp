#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/websocket.hpp>

#include "http/beast.hpp"

namespace souk::test {

/// A WebSocket client for tests: connects to 127.0.0.1:`port` and upgrades
/// GET /ws with `headers`; then sends and reads text frames, each read
/// bounded in time. Not thread-safe.
class ws_client {
public:
  /// Throws when the connection or the handshake fails.
  explicit ws_client(std::uint16_t port,
                     std::vector<std::pair<std::string, std::string>> headers
                     = {});

  void send(const std::string& text);
  void send_binary(const std::string& bytes);

  /// The next text frame; nothing when none came in `timeout` or the
  /// connection closed (see `close_code`).
  std::optional<std::string> read(std::chrono::milliseconds timeout
                                  = std::chrono::seconds{10});

  /// The code and reason of the server's close frame, once closed.
  std::optional<std::uint16_t> close_code() const { return code_; }
  const std::string& close_reason() const { return reason_; }
  bool closed() const { return closed_; }

  /// Sends {"type":"auth",...} and reads the answer.
  std::optional<std::string> auth(const std::string& token,
                                  const std::string& publishable_key = {});

private:
  net::io_context ioc_;
  beast::websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  bool reading_ = false;
  std::optional<beast::error_code> result_;
  bool closed_ = false;
  std::optional<std::uint16_t> code_;
  std::string reason_;
};

/// The value of string field `name` of JSON `frame` ("" when absent).
std::string field(const std::string& frame, const char* name);

/// `frame`'s "position", or -1.
std::int64_t position_of(const std::string& frame);

} // namespace souk::test
