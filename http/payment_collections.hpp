#pragma once

#include <string>

namespace souk {

// A payment collection's id carries its cart's: one collection per cart,
// found again without a lookup table. It is shown only to whoever may act
// on the cart, so it reveals nothing they do not hold.
inline std::string collection_of_cart(const std::string& cart_id) {
  return "pay_col_" + cart_id.substr(cart_id.find('_') + 1);
}

/// The cart of collection `collection_id`, "" when it names none.
inline std::string cart_of_collection(const std::string& collection_id) {
  const std::string prefix = "pay_col_";
  if (collection_id.rfind(prefix, 0) != 0
      || collection_id.size() == prefix.size())
    return {};
  return "cart_" + collection_id.substr(prefix.size());
}

} // namespace souk
