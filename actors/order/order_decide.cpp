#include "actors/order/order_decide.hpp"

#include "actors/runtime/units.hpp"

#include <string>

namespace souk::order {

namespace {

domain_error illegal(const order_state& s, order_status to) {
  return {domain_errc::illegal_transition,
          "cannot move order from '" + std::string{to_string(s.status)}
            + "' to '" + std::string{to_string(to)} + "'"};
}

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

// A step of the main line: allowed only from `from`.
template <class Event>
decision step(const order_state& s, order_status from, order_status to,
              Event event) {
  if (s.status != from)
    return illegal(s, to);
  return std::vector<order_event>{std::move(event)};
}

struct decider {
  const order_state& s;

  decision operator()(const place_order& c) const {
    if (s.status != order_status::none)
      return domain_error{domain_errc::already_exists,
                          "the order has already been placed"};
    if (c.items.empty())
      return invalid("an order needs at least one item");
    if (c.currency_code.size() != 3)
      return invalid("currency_code must be a 3-letter ISO 4217 code");
    std::int64_t total = 0;
    for (auto& line : c.items) {
      if (line.quantity <= 0)
        return invalid("quantity of '" + line.title + "' must be positive");
      if (line.unit_price < 0)
        return invalid("unit price of '" + line.title
                       + "' must not be negative");
      total += line.quantity * line.unit_price;
    }
    if (c.checkout.shipping_total < 0 || c.checkout.tax_total < 0)
      return invalid("shipping and tax must not be negative");
    if (c.checkout.discount_total < 0 || c.checkout.discount_total > total)
      return invalid("the discount must be between 0 and the items' total");
    total += c.checkout.shipping_total - c.checkout.discount_total
             + c.checkout.tax_total;
    order_event placed{order_placed{c.customer_id, c.currency_code, c.items,
                                    total, c.by, c.at, c.checkout}};
    if (!c.payment)
      return std::vector<order_event>{std::move(placed)};
    auto paid = decider{evolve(s, placed)}(*c.payment);
    if (!paid)
      return paid.error();
    paid->insert(paid->begin(), std::move(placed));
    return paid;
  }

  decision operator()(const authorize_payment& c) const {
    if (s.status != order_status::placed)
      return illegal(s, order_status::payment_authorized);
    if (c.amount != s.total)
      return invalid("authorised amount " + std::to_string(c.amount)
                     + " differs from the order total "
                     + std::to_string(s.total));
    return std::vector<order_event>{
      payment_authorized{c.payment_id, c.amount, c.by, c.at}};
  }

  // `minor`, or `major` (when given) in the order's currency.
  expected<std::int64_t, domain_error>
  amount_of(std::int64_t minor, const std::optional<std::string>& major) const {
    if (!major)
      return minor;
    auto m = minor_units(*major, s.currency_code);
    if (!m || *m <= 0)
      return invalid("amount must be a positive amount in " + s.currency_code);
    return *m;
  }

  decision operator()(const capture_payment& c) const {
    auto given = amount_of(c.amount, c.major_amount);
    if (!given)
      return given.error();
    if (s.status != order_status::payment_authorized)
      return illegal(s, order_status::payment_captured);
    auto amount = *given == 0 ? s.authorized : *given;
    if (amount < 0 || amount > s.authorized)
      return invalid("capture amount must be between 1 and the authorised "
                     + std::to_string(s.authorized));
    return std::vector<order_event>{payment_captured{amount, c.by, c.at}};
  }

  decision operator()(const fulfill_order& c) const {
    return step(s, order_status::payment_captured, order_status::fulfilled,
                order_fulfilled{c.by, c.at});
  }

  decision operator()(const ship_order& c) const {
    return step(s, order_status::fulfilled, order_status::shipped,
                order_shipped{c.tracking_number, c.by, c.at});
  }

  decision operator()(const mark_delivered& c) const {
    return step(s, order_status::shipped, order_status::delivered,
                order_delivered{c.by, c.at});
  }

  decision operator()(const complete_order& c) const {
    return step(s, order_status::delivered, order_status::completed,
                order_completed{c.by, c.at});
  }

  decision operator()(const cancel_order& c) const {
    switch (s.status) {
    case order_status::placed:
    case order_status::payment_authorized:
    case order_status::payment_captured:
      return std::vector<order_event>{order_canceled{c.reason, c.by, c.at}};
    default:
      return illegal(s, order_status::canceled);
    }
  }

  decision operator()(const refund_payment& c) const {
    auto given = amount_of(c.amount, c.major_amount);
    if (!given)
      return given.error();
    if (s.captured == 0)
      return domain_error{domain_errc::illegal_transition,
                          "cannot refund order in '"
                            + std::string{to_string(s.status)}
                            + "': nothing was captured"};
    auto left = s.captured - s.refunded;
    if (*given <= 0 || *given > left)
      return invalid("refund amount must be between 1 and "
                     + std::to_string(left));
    return std::vector<order_event>{
      order_refunded{*given, c.reason, c.by, c.at}};
  }

  decision operator()(const get_order&) const {
    return std::vector<order_event>{};
  }
};

} // namespace

decision decide(const order_state& state, const order_command& cmd) {
  if (state.status == order_status::none
      && !std::holds_alternative<place_order>(cmd))
    return domain_error{domain_errc::not_found, "order not found"};
  return std::visit(decider{state}, cmd);
}

} // namespace souk::order
