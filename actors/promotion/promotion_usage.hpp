#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/runtime/domain_error.hpp"
#include "actors/runtime/entity.hpp"
#include "actors/runtime/entity_host.hpp"
#include "actors/runtime/event_codec.hpp"
#include "actors/runtime/expected.hpp"

namespace souk::promotion {

/// The persisted name of every event (a name is a stored format: never
/// renamed, docs/event-store.md).
namespace event_names {
inline constexpr const char* use_released = "promotion.use_released.v1";
inline constexpr const char* used = "promotion.used.v1";
} // namespace event_names

// One usage counter per promotion with a limit (entity id = promotion id):
// its actor serialises the uses, so 100 checkouts racing for a code limited
// to 10 uses get exactly 10.

/// Order `order_id` uses the promotion.
struct used {
  std::string order_id;
  std::string by;
  std::int64_t at = 0;
};

/// The checkout of `order_id` failed after it used the promotion.
struct use_released {
  std::string order_id;
  std::string by;
  std::int64_t at = 0;
};

using usage_event = std::variant<used, use_released>;

/// Takes a use for `order_id` when fewer than `limit` are taken (the limit
/// is the catalog's at checkout: an admin who raises it frees more uses).
/// The same order again is no change (a retried step). Refused
/// (`illegal_transition`): "The promotion code <code> has been used up".
struct use {
  std::string order_id;
  std::string code;
  std::int64_t limit = 0;
  std::string by;
  std::int64_t at = 0;
};

/// Gives a use back; an order that holds none is no change.
struct release {
  std::string order_id;
  std::string by;
  std::int64_t at = 0;
};

struct get_usage {};

using usage_command = std::variant<use, release, get_usage>;

struct usage_state {
  std::int64_t version = 0;
  /// The orders holding a use.
  std::set<std::string> orders;
};

/// What a command answers: the uses taken after it.
struct usage_count {
  std::int64_t version = 0;
  std::int64_t used = 0;
};

using decision = expected<std::vector<usage_event>, domain_error>;

decision decide(const usage_state& s, const usage_command& c);
usage_state evolve(usage_state s, const usage_event& e);
new_event encode(const usage_event& e);
const event_codec<usage_event>& codec();

struct usage_domain : without_snapshots<usage_state> {
  using state_type = usage_state;
  using command_type = usage_command;
  using event_type = usage_event;
  using reply_type = usage_count;
  static constexpr const char* kind = "promotion-usage";

  static usage_count reply(const usage_state& s, const usage_command&) {
    return {s.version, static_cast<std::int64_t>(s.orders.size())};
  }
  static std::string stream(const std::string& id) {
    return "promotion_usage-" + id;
  }
  static decision decide(const usage_state& s, const usage_command& c) {
    return promotion::decide(s, c);
  }
  static usage_state evolve(usage_state s, const usage_event& e) {
    return promotion::evolve(std::move(s), e);
  }
  static new_event encode(const usage_event& e) { return promotion::encode(e); }
  static const event_codec<usage_event>& codec() { return promotion::codec(); }
};

} // namespace souk::promotion

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(souk::promotion::usage_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(
  souk::entity_reply<souk::promotion::usage_domain>)
