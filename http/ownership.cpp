// Who owns a cart, an order, a payment collection: asked of the resource
// itself (its entity), for the access gate. Handlers never check it.
#include "http/ownership.hpp"

namespace souk {

std::string cart_missing(const std::string& id) {
  return "Cart with id '" + id + "' not found";
}

std::string order_missing(const std::string& id) {
  return "Order with id: " + id + " was not found";
}

std::string payment_collection_missing(const std::string& id) {
  return "Payment collection with id: " + id + " was not found";
}

} // namespace souk
