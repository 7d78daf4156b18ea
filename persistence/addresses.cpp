#include "persistence/addresses.hpp"

namespace souk {

void apply(const address_patch& p, customer_address& a) {
  auto set = [](const std::optional<std::string>& v, std::string& out) {
    if (v)
      out = *v;
  };
  set(p.address_name, a.address_name);
  if (p.is_default_shipping)
    a.is_default_shipping = *p.is_default_shipping;
  if (p.is_default_billing)
    a.is_default_billing = *p.is_default_billing;
  set(p.first_name, a.postal.first_name);
  set(p.last_name, a.postal.last_name);
  set(p.company, a.postal.company);
  set(p.address_1, a.postal.address_1);
  set(p.address_2, a.postal.address_2);
  set(p.city, a.postal.city);
  set(p.province, a.postal.province);
  set(p.postal_code, a.postal.postal_code);
  set(p.country_code, a.postal.country_code);
  set(p.phone, a.postal.phone);
}

} // namespace souk
