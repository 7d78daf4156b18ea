#include "actors/notifications/notification.hpp"

#include <openssl/evp.h>

namespace souk::notifications {

std::string notification_id(std::string_view cause) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(cause.data(), cause.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out{"ntf_"};
  for (unsigned i = 0; i < 16 && i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

notification make_notification(std::string cause, std::string to,
                               std::string subject, std::string body,
                               std::string html) {
  auto id = notification_id(cause);
  return {std::move(id),      std::move(cause), std::move(to),
          std::move(subject), std::move(body),  std::move(html)};
}

} // namespace souk::notifications
