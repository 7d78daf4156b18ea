#include "actors/order/order_numbers.hpp"

#include "actors/runtime/event_json.hpp"

namespace souk::order {

namespace {

struct encoder {
  json_writer& w;

  const char* operator()(const number_claimed& e) {
    w.key("claim_id").value(e.claim_id).key("number").value(e.number);
    return "order.number_claimed.v1";
  }
};

} // namespace

numbers_domain::decision numbers_domain::decide(const numbers_state& s,
                                                const numbers_command& c) {
  auto& claim = std::get<claim_number>(c);
  if (s.number_of(claim.claim_id) > 0)
    return std::vector<numbers_event>{};
  return std::vector<numbers_event>{
    number_claimed{claim.claim_id, s.last + 1, claim.by, claim.at}};
}

numbers_state numbers_domain::evolve(numbers_state s, const numbers_event& e) {
  auto& claimed = std::get<number_claimed>(e);
  s.claims[claimed.claim_id] = claimed.number;
  s.last = std::max(s.last, claimed.number);
  ++s.version;
  return s;
}

new_event numbers_domain::encode(const numbers_event& e) {
  return encode_event<encoder>(e);
}

const event_codec<numbers_event>& numbers_domain::codec() {
  static const auto instance = [] {
    event_codec<numbers_event> c;
    c.add("order.number_claimed.v1",
          [](simdjson::ondemand::object& o)
            -> expected<numbers_event, std::string> {
            number_claimed e;
            json_fields f{o};
            f.str("claim_id", e.claim_id).i64("number", e.number);
            return finish_event<numbers_event>(f, std::move(e));
          });
    return c;
  }();
  return instance;
}

} // namespace souk::order
