#include "actors/cart/cart_promotions.hpp"

#include <algorithm>
#include <numeric>

namespace souk::cart {

namespace {

bool targets(const catalog::promotion& p, const line_item& line) {
  return p.target == "order" || p.product_ids.empty()
         || std::find(p.product_ids.begin(), p.product_ids.end(),
                      line.product_id)
              != p.product_ids.end();
}

// Half up, in 128 bits: a line of 100,000 units at a large price times a
// rate would not fit in 64.
std::int64_t percent_of(std::int64_t amount, std::int64_t bp) {
  auto wide = static_cast<__int128>(amount) * bp + 5000;
  return static_cast<std::int64_t>(wide / 10000);
}

} // namespace

std::vector<std::int64_t> share_out(std::int64_t total,
                                    const std::vector<std::int64_t>& weights) {
  std::vector<std::int64_t> shares(weights.size(), 0);
  auto sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
  if (sum <= 0 || total <= 0)
    return shares;
  std::vector<std::pair<__int128, std::size_t>> rest; // remainder, line
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    auto exact = static_cast<__int128>(total) * weights[i];
    shares[i] = static_cast<std::int64_t>(exact / sum);
    given += shares[i];
    rest.emplace_back(exact % sum, i);
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < rest.size(); ++k, ++given)
    ++shares[rest[k].second];
  return shares;
}

std::vector<adjustment> adjustments(const cart_state& s) {
  std::vector<adjustment> out;
  std::vector<std::int64_t> left;
  for (auto& line : s.items)
    left.push_back(line.unit_price * line.quantity);
  for (auto& p : s.promotions) {
    std::vector<std::int64_t> off(s.items.size(), 0);
    if (p.allocation == "each") { // a fixed amount off every unit
      for (std::size_t i = 0; i < s.items.size(); ++i)
        if (targets(p, s.items[i])) {
          auto want = static_cast<__int128>(p.value) * s.items[i].quantity;
          off[i] = static_cast<std::int64_t>(std::min<__int128>(want, left[i]));
        }
    } else {
      std::vector<std::int64_t> weights(s.items.size(), 0);
      for (std::size_t i = 0; i < s.items.size(); ++i)
        if (targets(p, s.items[i]))
          weights[i] = left[i];
      auto base
        = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
      auto total = p.method == "percentage" ? percent_of(base, p.value)
                                            : std::min(p.value, base);
      off = share_out(std::min(total, base), weights);
    }
    for (std::size_t i = 0; i < s.items.size(); ++i)
      if (off[i] > 0) {
        left[i] -= off[i];
        out.push_back({s.items[i].id, p.id, p.code, off[i]});
      }
  }
  return out;
}

} // namespace souk::cart
