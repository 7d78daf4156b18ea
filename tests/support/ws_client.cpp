#include "tests/support/ws_client.hpp"

#include <simdjson.h>

namespace souk::test {

namespace websocket = beast::websocket;

ws_client::ws_client(std::uint16_t port,
                     std::vector<std::pair<std::string, std::string>> headers)
  : ws_(ioc_) {
  tcp::resolver resolver{ioc_};
  auto& tcp_layer = beast::get_lowest_layer(ws_);
  tcp_layer.expires_after(std::chrono::seconds{10});
  tcp_layer.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  tcp_layer.expires_never();
  ws_.set_option(
    websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (auto& [name, value] : headers)
        req.set(name, value);
    }));
  ws_.read_message_max(64 * 1024 * 1024);
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
}

// A send the server cut short (it closed on a frame too large) is no
// error here: the next read says how it closed.
void ws_client::send(const std::string& text) {
  ws_.text(true);
  beast::error_code ignored;
  ws_.write(net::buffer(text), ignored);
}

void ws_client::send_binary(const std::string& bytes) {
  ws_.binary(true);
  beast::error_code ignored;
  ws_.write(net::buffer(bytes), ignored);
}

std::optional<std::string> ws_client::read(std::chrono::milliseconds timeout) {
  if (closed_)
    return std::nullopt;
  if (!reading_) {
    reading_ = true;
    result_.reset();
    ws_.async_read(buffer_,
                   [this](beast::error_code ec, std::size_t) { result_ = ec; });
  }
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!result_)
    return std::nullopt; // still waiting: the next read goes on with it
  reading_ = false;
  if (*result_) {
    closed_ = true;
    auto r = ws_.reason();
    if (r.code != websocket::close_code::none) {
      code_ = static_cast<std::uint16_t>(r.code);
      reason_ = std::string{r.reason.data(), r.reason.size()};
    }
    return std::nullopt;
  }
  auto text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  return text;
}

std::optional<std::string> ws_client::auth(const std::string& token,
                                           const std::string& key) {
  std::string frame = R"({"type":"auth","token":")" + token + "\"";
  if (!key.empty())
    frame += R"(,"publishable_key":")" + key + "\"";
  send(frame + "}");
  return read();
}

std::string field(const std::string& frame, const char* name) {
  simdjson::dom::parser parser;
  std::string_view v;
  if (parser.parse(frame)[name].get_string().get(v))
    return {};
  return std::string{v};
}

std::int64_t position_of(const std::string& frame) {
  simdjson::dom::parser parser;
  std::int64_t p = -1;
  if (parser.parse(frame)["position"].get_int64().get(p))
    return -1;
  return p;
}

} // namespace souk::test
