#include "tests/support/http_client.hpp"

namespace souk::test {

http_client::http_client(const std::string& host, unsigned short port,
                         std::chrono::milliseconds timeout)
  : timeout_(timeout), stream_(ioc_) {
  tcp::resolver resolver{ioc_};
  stream_.connect(resolver.resolve(host, std::to_string(port)));
}

http_response http_client::request(http::verb method, const std::string& target,
                                   std::string body) {
  http_request req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (auto& [name, value] : headers_)
    req.set(name, value);
  if (!body.empty()) {
    // JSON unless the caller set a type of its own (a file upload).
    if (req[http::field::content_type].empty())
      req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
  }
  req.prepare_payload();
  // Asynchronous under the hood: Beast's timeouts hold for those alone, and
  // a test must fail, not hang, when a server stops answering.
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code failed;
  stream_.expires_after(timeout_);
  http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) {
    if (ec)
      failed = ec;
    else
      http::async_read(
        stream_, buffer_, parser,
        [&](beast::error_code ec2, std::size_t) { failed = ec2; });
  });
  ioc_.restart();
  ioc_.run();
  if (failed)
    throw beast::system_error{failed};
  return parser.release();
}

void http_client::set_header(const std::string& name,
                             const std::string& value) {
  for (auto& h : headers_)
    if (h.first == name)
      return void(h.second = value);
  headers_.emplace_back(name, value);
}

bool http_client::closed() {
  beast::error_code ec;
  char byte;
  stream_.socket().read_some(net::buffer(&byte, 1), ec);
  return ec == net::error::eof || ec == net::error::connection_reset;
}

} // namespace souk::test
