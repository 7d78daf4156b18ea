#include "actors/catalog/promotion_rules.hpp"

#include <algorithm>

namespace souk::catalog::promotions {

namespace {

using events = std::vector<catalog_event>;

domain_error invalid(std::string message) {
  return {domain_errc::invalid_argument, std::move(message)};
}

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(),
                     [&v](const char* a) { return v == a; });
}

bool code_ok(const std::string& code) {
  return !code.empty() && code.size() <= 64
         && std::all_of(code.begin(), code.end(), [](char c) {
              return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                     || (c >= '0' && c <= '9') || c == '-' || c == '_';
            });
}

std::optional<domain_error> check(const catalog_state& s, const promotion& p) {
  if (!code_ok(p.code))
    return invalid("code must be 1 to 64 letters, digits, - or _");
  if (auto* other = s.find_promotion_code(p.code); other && other->id != p.id)
    return domain_error{domain_errc::already_exists,
                        "Promotion with code " + p.code + " already exists"};
  if (!one_of(p.status, {"active", "inactive", "draft"}))
    return invalid("status must be active, inactive or draft");
  if (!one_of(p.method, {"percentage", "fixed"}))
    return invalid("application_method.type must be percentage or fixed");
  if (!one_of(p.target, {"order", "items"}))
    return invalid("application_method.target_type must be order or items "
                   "(souk does not discount shipping)");
  if (!one_of(p.allocation, {"across", "each"}))
    return invalid("application_method.allocation must be across or each");
  if (p.allocation == "each" && (p.target != "items" || p.method != "fixed"))
    return invalid("allocation each is a fixed amount off every unit of the "
                   "targeted items: target_type items, type fixed");
  if (p.value <= 0)
    return invalid("application_method.value must be more than 0");
  if (p.method == "percentage" && p.value > 10000)
    return invalid("a percentage is at most 100");
  if (p.method == "fixed" && p.currency_code.empty())
    return invalid("a fixed amount needs application_method.currency_code");
  if (p.target == "order" && !p.product_ids.empty())
    return invalid("an order promotion has no target rules");
  // Ids the promotion held before may name what was deleted since: only
  // new ones must exist (an edit of the status stays possible).
  auto before = s.promotions.find(p.id);
  auto had = [&](const std::vector<std::string> promotion::*ids,
                 const std::string& id) {
    if (before == s.promotions.end())
      return false;
    auto& old = before->second.*ids;
    return std::find(old.begin(), old.end(), id) != old.end();
  };
  for (auto& id : p.product_ids)
    if (!s.find_product(id) && !had(&promotion::product_ids, id))
      return invalid("Product with id: " + id + " was not found");
  for (auto& id : p.region_ids)
    if (!s.find_region(id) && !had(&promotion::region_ids, id))
      return invalid("Region with id: " + id + " was not found");
  if (p.starts_at < 0 || p.ends_at < 0
      || (p.ends_at != 0 && p.ends_at <= p.starts_at))
    return invalid("ends_at must be after starts_at");
  if (p.usage_limit < 0)
    return invalid("the usage limit must not be negative");
  return std::nullopt;
}

domain_error not_found(const std::string& id) {
  return {domain_errc::not_found,
          "Promotion with id: " + id + " was not found"};
}

} // namespace

decision decide(const catalog_state& s, const create_promotion& c) {
  auto p = c.promotion;
  if (s.promotions.count(p.id))
    return domain_error{domain_errc::already_exists, "promotion exists"};
  if (auto bad = check(s, p))
    return *bad;
  p.created_at = p.updated_at = c.at;
  return events{promotion_created{p, c.by, c.at}};
}

decision decide(const catalog_state& s, const update_promotion& c) {
  auto found = s.promotions.find(c.promotion.id);
  if (found == s.promotions.end())
    return not_found(c.promotion.id);
  auto p = c.promotion;
  p.created_at = found->second.created_at;
  p.updated_at = found->second.updated_at;
  if (auto bad = check(s, p))
    return *bad;
  if (p == found->second)
    return events{};
  p.updated_at = c.at;
  return events{promotion_updated{p, c.by, c.at}};
}

decision decide(const catalog_state& s, const delete_promotion& c) {
  if (!s.promotions.count(c.promotion_id))
    return not_found(c.promotion_id);
  return events{promotion_deleted{c.promotion_id, c.by, c.at}};
}

bool same_terms(const promotion& a, const promotion& b) {
  return a.method == b.method && a.target == b.target
         && a.allocation == b.allocation && a.value == b.value
         && a.currency_code == b.currency_code
         && a.product_ids == b.product_ids;
}

std::optional<std::string> refusal(const promotion& p,
                                   const std::string& region_id,
                                   const std::string& currency_code,
                                   std::int64_t at) {
  auto code = "The promotion code " + p.code;
  // A code not out yet reads as one that does not exist: codes are not to
  // be found by trying.
  if (p.status != "active" || (p.starts_at != 0 && at < p.starts_at))
    return code + " is invalid";
  if (p.ends_at != 0 && at >= p.ends_at)
    return code + " has expired";
  if (!p.region_ids.empty()
      && std::find(p.region_ids.begin(), p.region_ids.end(), region_id)
           == p.region_ids.end())
    return code + " is not valid in the cart's region";
  if (!p.currency_code.empty() && p.currency_code != currency_code)
    return code + " is only valid in " + p.currency_code;
  return std::nullopt;
}

} // namespace souk::catalog::promotions
