#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace souk::ticket {

/// What the customer wants printed, in their words. Every field is bounded
/// (`check_brief`): the brief is stored in each event that changes it.
struct ticket_brief {
  std::string text;
  std::vector<std::string> colors = {};
  std::string print_size = {};
  std::string quantity_notes = {};
  std::vector<std::string> reference_urls = {};

  bool empty() const noexcept {
    return text.empty() && colors.empty() && print_size.empty()
           && quantity_notes.empty() && reference_urls.empty();
  }
  friend bool operator==(const ticket_brief&, const ticket_brief&) = default;
};

/// The bounds of a brief.
namespace brief_limits {
inline constexpr std::size_t text = 5000;
inline constexpr std::size_t colors = 20;
inline constexpr std::size_t color = 64;
inline constexpr std::size_t print_size = 100;
inline constexpr std::size_t quantity_notes = 1000;
inline constexpr std::size_t reference_urls = 10;
inline constexpr std::size_t reference_url = 2048;
} // namespace brief_limits

/// Why `b` is not a valid brief (a field over its bound, a reference that
/// is not an http(s) URL), if it is not.
std::optional<std::string> check_brief(const ticket_brief& b);

/// A file on the ticket: the customer's artwork or support's proof. The
/// bytes are stored apart (by id); the ticket keeps what describes them.
struct ticket_file {
  std::string id;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  /// SHA-256 of the bytes, hex.
  std::string sha256;

  friend bool operator==(const ticket_file&, const ticket_file&) = default;
};

/// Where a proof stands with the customer.
enum class proof_status { pending, approved, changes_requested };

std::string_view to_string(proof_status s) noexcept;
/// The status named `name` ("approved"), if any.
std::optional<proof_status> parse_proof_status(std::string_view name) noexcept;

/// A ticket's human number: "<order display id>-<its item's number>",
/// e.g. "1042-2".
inline std::string display_id(std::int64_t order_display_id,
                              std::int64_t number) {
  return std::to_string(order_display_id) + "-" + std::to_string(number);
}

/// Who did something, from the `by` of a command or event:
/// "customer:cus_1" is a customer, "user:user_1" support, anything else
/// ("subscriber:create-tickets") the system.
enum class author_role { customer, support, system };

author_role role_of(std::string_view by) noexcept;
std::string_view to_string(author_role r) noexcept;
/// "cus_1" of "customer:cus_1"; "" for the system.
std::string_view author_id(std::string_view by) noexcept;

} // namespace souk::ticket
