#include "http/login_limiter.hpp"

#include <boost/asio/ip/address.hpp>

namespace souk {

std::string client_network(const std::string& address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(address, ec);
  if (ec || !a.is_v6())
    return address;
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6)
      .to_string();
  auto bytes = v6.to_bytes();
  for (size_t i = 8; i < bytes.size(); ++i)
    bytes[i] = 0;
  return boost::asio::ip::address_v6{bytes}.to_string() + "/64";
}

} // namespace souk
