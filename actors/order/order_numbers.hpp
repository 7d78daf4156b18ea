#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/entity_host.hpp"
#include "actors/runtime/event_codec.hpp"

namespace souk::order {

/// The persisted name of every event: the one table the encoder, the
/// decoder and any subscriber filter read (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* number_claimed = "order.number_claimed.v1";
} // namespace event_names

// The human order numbers of a store (display_id 1, 2, 3, ...): one entity
// per store, so numbers are dense and in order. A checkout claims its
// number in its last fallible step, so a compensated checkout never takes
// one; a retried step (same claim id) gets the same number.

struct number_claimed {
  std::string claim_id;
  std::int64_t number = 0;
  std::string by;
  std::int64_t at = 0;
};

using numbers_event = std::variant<number_claimed>;

struct claim_number {
  std::string claim_id;
  std::string by;
  std::int64_t at = 0;
};

using numbers_command = std::variant<claim_number>;

/// How many of the latest claims a store remembers. A claim is asked again
/// only by a retry of the checkout step that made it, long before this many
/// orders came after it; a claim forgotten by then gets a new number (a
/// gap, never a number given twice). It keeps the state — and its
/// snapshots — the same size however many orders there were.
inline constexpr std::int64_t claims_kept = 10000;

struct numbers_state {
  std::int64_t version = 0;
  std::int64_t last = 0;
  /// Claim id → number, for the latest `claims_kept` numbers.
  std::map<std::string, std::int64_t> claims;
  /// The same claims by number, oldest first: what to forget next.
  std::map<std::int64_t, std::string> by_number;

  /// The number of `claim_id`, 0 when none.
  std::int64_t number_of(const std::string& claim_id) const {
    auto i = claims.find(claim_id);
    return i == claims.end() ? 0 : i->second;
  }

  friend bool operator==(const numbers_state&, const numbers_state&) = default;
};

/// What a claim answers: its number (not every claim of the store).
struct claimed_number {
  std::int64_t version = 0;
  std::int64_t number = 0;
};

struct numbers_domain {
  using state_type = numbers_state;
  using reply_type = claimed_number;
  using command_type = numbers_command;
  using event_type = numbers_event;
  using decision = expected<std::vector<numbers_event>, domain_error>;
  static constexpr const char* kind = "order-numbers";

  static std::string stream(const std::string& store) {
    return "order-numbers-" + store;
  }
  static claimed_number reply(const numbers_state& s,
                              const numbers_command& c) {
    return {s.version, s.number_of(std::get<claim_number>(c).claim_id)};
  }
  static decision decide(const numbers_state& s, const numbers_command& c);
  static numbers_state evolve(numbers_state s, const numbers_event& e);
  static new_event encode(const numbers_event& e);
  static const event_codec<numbers_event>& codec();
  /// Snapshots keep the replay short (the stream has an event per order);
  /// they hold every claim, so a retried claim still finds its number.
  static constexpr const char* snapshot_type = "order.numbers.v1";
  static std::string encode_state(const numbers_state& s);
  static std::optional<numbers_state> decode_state(std::string_view json);
};

} // namespace souk::order

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::order::numbers_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::entity_reply<souk::order::numbers_domain>)
