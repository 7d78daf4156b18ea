#include "http/modules/modules.hpp"

namespace souk {

std::vector<module> souk_modules() {
  return {notifications_module(), catalog_module(),    inventory_module(),
          cart_module(),          promotions_module(), order_module(),
          checkout_module(),      customers_module(),  tickets_module(),
          live_module(),          web_module()};
}

} // namespace souk
