#include "actors/cart/cart_decide.hpp"

#include "actors/cart/cart_state.hpp"

namespace souk::cart {

namespace {

using events = std::vector<cart_event>;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

bool email_ok(const std::string& e) {
  auto at = e.find('@');
  return at != std::string::npos && at > 0 && at + 1 < e.size()
         && e.find_first_of(" \t\r\n") == std::string::npos && e.size() <= 254;
}

struct decider {
  const cart_state& s;

  std::optional<domain_error> open() const {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (!s.order_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "The cart is already completed"};
    if (!s.checkout_id.empty())
      return domain_error{domain_errc::illegal_transition,
                          "The cart is being completed; it cannot change"};
    return std::nullopt;
  }

  // What a cart needs before checkout.
  std::optional<domain_error> completable() const {
    if (s.items.empty())
      return invalid("Cannot complete a cart with no items");
    if (!s.shipping)
      return invalid("The cart has no shipping method");
    if (!s.session)
      return invalid("Payment sessions are required to complete cart");
    return std::nullopt;
  }

  decision operator()(const create_cart& c) {
    if (s.exists)
      return domain_error{domain_errc::already_exists, "cart exists"};
    if (!c.email.empty() && !email_ok(c.email))
      return invalid("email must be an e-mail address");
    return events{cart_created{c.region_id, c.currency_code, c.tax_rate_bp,
                               c.sales_channel_id, c.customer_id, c.email,
                               c.shipping_address, c.by, c.at}};
  }
  decision operator()(const update_cart& c) {
    if (auto no = open())
      return *no;
    if (c.email && !email_ok(*c.email))
      return invalid("email must be an e-mail address");
    cart_details_updated e{
      c.email.value_or(s.email),
      c.shipping_address ? c.shipping_address : s.shipping_address,
      c.billing_address ? c.billing_address : s.billing_address, c.by, c.at};
    if (e.email == s.email && e.shipping_address == s.shipping_address
        && e.billing_address == s.billing_address)
      return events{};
    return events{e};
  }
  decision operator()(const add_line_item& c) {
    if (auto no = open())
      return *no;
    if (c.item.quantity < 1 || c.item.quantity > max_quantity)
      return invalid("quantity must be between 1 and "
                     + std::to_string(max_quantity));
    if (c.item.unit_price < 0)
      return invalid("unit price must not be negative");
    if (auto* line = s.find_variant(c.item.variant_id)) {
      auto q = line->quantity + c.item.quantity;
      if (q > max_quantity)
        return invalid("quantity must be between 1 and "
                       + std::to_string(max_quantity));
      return events{line_item_quantity_changed{line->id, q, c.by, c.at}};
    }
    if (s.items.size() >= max_lines)
      return invalid("a cart holds at most " + std::to_string(max_lines)
                     + " lines");
    return events{line_item_added{c.item, c.by, c.at}};
  }
  decision operator()(const update_line_item& c) {
    if (auto no = open())
      return *no;
    auto* line = s.find_item(c.item_id);
    if (!line)
      return domain_error{domain_errc::not_found,
                          "Line item with id: " + c.item_id + " was not found"};
    if (c.quantity < 0 || c.quantity > max_quantity)
      return invalid("quantity must be between 0 and "
                     + std::to_string(max_quantity));
    if (c.quantity == 0)
      return events{line_item_removed{c.item_id, c.by, c.at}};
    if (c.quantity == line->quantity)
      return events{};
    return events{
      line_item_quantity_changed{c.item_id, c.quantity, c.by, c.at}};
  }
  decision operator()(const remove_line_item& c) {
    if (auto no = open())
      return *no;
    if (!s.find_item(c.item_id))
      return domain_error{domain_errc::not_found,
                          "Line item with id: " + c.item_id + " was not found"};
    return events{line_item_removed{c.item_id, c.by, c.at}};
  }
  decision operator()(const add_shipping_method& c) {
    if (auto no = open())
      return *no;
    if (c.method.amount < 0)
      return invalid("shipping amount must not be negative");
    return events{shipping_method_set{c.method, c.by, c.at}};
  }
  decision operator()(const create_payment_collection& c) {
    if (auto no = open())
      return *no;
    if (!s.payment_collection_id.empty())
      return events{}; // one per cart: the existing one is the answer
    return events{
      payment_collection_created{c.payment_collection_id, c.by, c.at}};
  }
  decision operator()(const create_payment_session& c) {
    if (auto no = open())
      return *no;
    if (s.payment_collection_id.empty())
      return invalid("the cart has no payment collection");
    if (c.provider_id != "pp_system_default")
      return invalid("unknown payment provider '" + c.provider_id + "'");
    return events{payment_session_created{c.payment_session_id, c.provider_id,
                                          totals(s).total, c.by, c.at}};
  }
  decision operator()(const begin_checkout& c) {
    if (!s.checkout_id.empty() && s.checkout_id == c.checkout_id)
      return events{}; // a retried step: it holds the lock already
    if (auto no = open())
      return *no;
    if (auto no = completable())
      return *no;
    return events{checkout_started{c.checkout_id, c.by, c.at}};
  }
  decision operator()(const end_checkout& c) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (s.checkout_id != c.checkout_id)
      return events{};
    return events{checkout_ended{c.checkout_id, c.by, c.at}};
  }
  decision operator()(const complete_cart& c) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    if (!s.order_id.empty())
      return events{}; // completed before: same order
    if (auto no = completable())
      return *no;
    return events{cart_completed{c.order_id, c.by, c.at}};
  }
  decision operator()(const get_cart&) {
    if (!s.exists)
      return domain_error{domain_errc::not_found, "Cart not found"};
    return events{};
  }
};

} // namespace

decision decide(const cart_state& state, const cart_command& cmd) {
  return std::visit(decider{state}, cmd);
}

} // namespace souk::cart
