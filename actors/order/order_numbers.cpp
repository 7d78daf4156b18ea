#include "actors/order/order_numbers.hpp"

#include "actors/runtime/event_json.hpp"

namespace souk::order {

namespace {

struct encoder {
  json_writer& w;

  const char* operator()(const number_claimed& e) {
    w.key("claim_id").value(e.claim_id).key("number").value(e.number);
    return event_names::number_claimed;
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
  s.by_number[claimed.number] = claimed.claim_id;
  s.last = std::max(s.last, claimed.number);
  while (!s.by_number.empty()
         && s.by_number.begin()->first <= s.last - claims_kept) {
    s.claims.erase(s.by_number.begin()->second);
    s.by_number.erase(s.by_number.begin());
  }
  ++s.version;
  return s;
}

new_event numbers_domain::encode(const numbers_event& e) {
  return encode_event<encoder>(e);
}

std::string numbers_domain::encode_state(const numbers_state& s) {
  json_writer w;
  w.begin_object();
  w.key("version").value(s.version).key("last").value(s.last);
  w.key("claims").begin_array();
  for (auto& [number, claim] : s.by_number)
    w.begin_object()
      .key("claim_id")
      .value(claim)
      .key("number")
      .value(number)
      .end_object();
  w.end_array().end_object();
  return w.take();
}

std::optional<numbers_state>
numbers_domain::decode_state(std::string_view json) {
  return read_object(
    json, [](simdjson::ondemand::object& obj) -> std::optional<numbers_state> {
      numbers_state s;
      json_fields f{obj};
      f.i64("version", s.version)
        .i64("last", s.last)
        .objects(
          "claims",
          [&](simdjson::ondemand::object& o) -> std::optional<std::string> {
            std::string claim;
            std::int64_t number = 0;
            json_fields g{o};
            g.str("claim_id", claim).i64("number", number);
            s.by_number[number] = claim;
            s.claims[std::move(claim)] = number;
            return g.error();
          });
      if (f.error() || s.claims.size() != s.by_number.size())
        return std::nullopt;
      return s;
    });
}

const event_codec<numbers_event>& numbers_domain::codec() {
  static const auto instance = [] {
    event_codec<numbers_event> c;
    c.add(event_names::number_claimed,
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
