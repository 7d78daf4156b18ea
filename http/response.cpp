#include "http/response.hpp"

#include "actors/runtime/json_writer.hpp"

namespace souk {

http_response json_response(http::status status, std::string body) {
  http_response res{status, 11};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http_response error_response(http::status status, std::string_view type,
                             std::string_view message) {
  json_writer w;
  w.begin_object().key("type").value(type).key("message").value(message);
  w.end_object();
  return json_response(status, w.take());
}

http_response unauthorized_response() {
  return json_response(http::status::unauthorized,
                       R"({"message":"Unauthorized"})");
}

} // namespace souk
