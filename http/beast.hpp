#pragma once

#include <string_view>
#include <utility> // Boost 1.74 asio uses std::exchange without it in C++20

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace souk {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

/// Beast 1.74 speaks boost::string_view; the rest of souk std::string_view.
inline std::string_view to_std(beast::string_view s) noexcept {
  return {s.data(), s.size()};
}

} // namespace souk
