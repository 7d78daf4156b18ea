#pragma once

#include <string>
#include <vector>

#include "http/http_server.hpp"

namespace souk {

/// Routes requests by method and exact path. Unknown paths answer 404 and
/// known paths with another method 405, both in Medusa's error envelope.
class router {
public:
  void add(http::verb method, std::string path, request_handler handler);

  http_response operator()(const http_request& req) const;

  /// Every registered (method, path), for the API description.
  std::vector<std::pair<http::verb, std::string>> routes() const;

private:
  struct route {
    http::verb method;
    std::string path;
    request_handler handler;
  };
  std::vector<route> routes_;
};

} // namespace souk
