#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "http/beast.hpp"

namespace souk::test {

/// A blocking HTTP/1.1 client on one keep-alive connection, for tests.
class http_client {
public:
  /// Connects; a request not answered within `timeout` throws.
  http_client(const std::string& host, unsigned short port,
              std::chrono::milliseconds timeout = std::chrono::seconds{30});

  /// Sends a request and reads the answer.
  http_response request(http::verb method, const std::string& target,
                        std::string body = {});

  /// Headers sent with every later request (e.g. the publishable key).
  void set_header(const std::string& name, const std::string& value);

  /// Whether the server closed the connection after the last answer.
  bool closed();

private:
  std::vector<std::pair<std::string, std::string>> headers_;
  std::chrono::milliseconds timeout_;
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

} // namespace souk::test
