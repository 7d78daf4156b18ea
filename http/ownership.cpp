// Who owns a cart, an order, a payment collection: asked of the resource
// itself (its entity), for the access gate. Handlers never check it.
#include "http/ownership.hpp"

namespace souk {

std::string cart_missing(const std::string& id) {
  return "Cart with id '" + id + "' not found";
}

} // namespace souk
