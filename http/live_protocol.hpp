#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The live-update protocol's frames (docs/live.md): what a client may send,
// parsed into values, and what the server sends, written. Pure.
namespace souk::live {

/// What a topic follows: every ticket (order) the client may see, or one.
struct topic {
  enum class kind { tickets, orders } what;
  /// Empty: all of `what` the client may see.
  std::string id;

  /// "tickets", "orders:<id>", ...
  std::string text() const;
  bool operator==(const topic&) const = default;
};

/// "tickets", "orders", "tickets:<id>" or "orders:<id>" with an id-shaped
/// id; nothing otherwise.
std::optional<topic> parse_topic(std::string_view text);

struct auth_frame {
  std::string token;
  std::string publishable_key;
};

struct subscribe_frame {
  std::vector<std::string> topics;
  std::optional<std::int64_t> since;
};

struct unsubscribe_frame {
  std::vector<std::string> topics;
};

struct ping_frame {};

/// A frame that is not one of the above, with why.
struct bad_frame {
  std::string message;
};

using client_frame = std::variant<auth_frame, subscribe_frame,
                                  unsubscribe_frame, ping_frame, bad_frame>;

/// At most this many topics in one subscribe or unsubscribe frame.
inline constexpr std::size_t max_topics_per_frame = 64;

/// Reads one text frame. Never throws: anything else is a `bad_frame`.
client_frame parse_client_frame(std::string_view text);

// Server frames, as sent.
std::string ready_frame(std::string_view actor);
std::string subscribed_frame(const std::vector<std::string>& topics,
                             std::int64_t position);
std::string unsubscribed_frame(const std::vector<std::string>& topics);
std::string pong_frame();
/// {"type":"error","code":...,"message":...[,"topic":...]}
std::string error_frame(std::string_view code, std::string_view message,
                        std::string_view topic = {});
std::string resync_frame(std::string_view message);
/// {"type":...,"topic":...,"position":...,"data":<data_json>}
std::string push_frame(std::string_view type, std::string_view topic,
                       std::int64_t position, std::string_view data_json);

} // namespace souk::live
