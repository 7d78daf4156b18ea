#pragma once

// What a cart's promotions take off, line by line. Pure and exact: every
// amount is in minor units, a promotion's total is rounded once (half up)
// and shared out over its lines by largest remainder, so the lines always
// add up to it, whatever the number of lines.

#include <string>
#include <vector>

#include "actors/cart/cart_state.hpp"

namespace souk::cart {

/// The part of one promotion on one line.
struct adjustment {
  std::string item_id;
  std::string promotion_id;
  std::string code;
  std::int64_t amount = 0;

  friend bool operator==(const adjustment&, const adjustment&) = default;
};

/// The promotions of `s` applied in the order they were added, each on what
/// the ones before left of each line (never below zero): per line and
/// promotion, lines with nothing off left out.
std::vector<adjustment> adjustments(const cart_state& s);

/// `total` shared over `weights` in proportion, by largest remainder (ties:
/// the earlier line); the shares add up to `total`. `total` is at most the
/// sum of the weights, so no share exceeds its weight.
std::vector<std::int64_t> share_out(std::int64_t total,
                                    const std::vector<std::int64_t>& weights);

} // namespace souk::cart
