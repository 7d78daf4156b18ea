#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/ticket/ticket_events.hpp"

namespace souk::ticket {

/// Stable name, e.g. "designing_artwork".
std::string_view to_string(ticket_status status) noexcept;

/// The status named `name`, if any ("none" is not one).
std::optional<ticket_status> parse_status(std::string_view name) noexcept;

struct ticket_note {
  std::string note_id;
  std::string text;
  bool internal = false;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const ticket_note&, const ticket_note&) = default;
};

/// A file on the ticket, who added it and when.
struct ticket_attachment {
  ticket_file file;
  /// True for support's proofs, false for the customer's files.
  bool proof = false;
  std::string by;
  std::int64_t at = 0;

  friend bool operator==(const ticket_attachment&, const ticket_attachment&)
    = default;
};

/// A proof and the customer's decision on it.
struct ticket_proof {
  std::string file_id;
  proof_status status = proof_status::pending;
  std::string comment;
  std::string decided_by;
  std::int64_t decided_at = 0;

  friend bool operator==(const ticket_proof&, const ticket_proof&) = default;
};

/// A ticket folded from its events. Its full history is the stream itself.
struct ticket_state {
  std::int64_t version = 0;
  ticket_status status = ticket_status::none;
  bool voided = false;
  std::string order_id;
  std::int64_t order_display_id = 0;
  std::int64_t number = 0;
  std::string line_item_id;
  std::string customer_id;
  std::string customer_email;
  std::string product_title;
  std::string variant_title;
  std::int64_t quantity = 0;
  ticket_brief brief;
  std::vector<ticket_note> notes;
  std::vector<ticket_attachment> attachments;
  /// In the order they were attached; the last is the one that counts.
  std::vector<ticket_proof> proofs;
  std::string assignee_id;
  std::int64_t opened_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t status_changed_at = 0;

  /// "1042-2".
  std::string display_id() const {
    return ticket::display_id(order_display_id, number);
  }
  /// The proof attached last, if any.
  const ticket_proof* latest_proof() const noexcept {
    return proofs.empty() ? nullptr : &proofs.back();
  }
  const ticket_attachment* attachment(std::string_view file_id) const noexcept;

  friend bool operator==(const ticket_state&, const ticket_state&) = default;
};

/// Folds one event into the state (and counts it in `version`).
ticket_state evolve(ticket_state state, const ticket_event& event);

} // namespace souk::ticket
