#include "tests/support/http_client.hpp"

namespace souk::test {

http_client::http_client(const std::string& host, unsigned short port)
  : stream_(ioc_) {
  tcp::resolver resolver{ioc_};
  stream_.connect(resolver.resolve(host, std::to_string(port)));
  stream_.expires_after(std::chrono::seconds{30});
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
  http::write(stream_, req);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream_, buffer_, parser);
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
