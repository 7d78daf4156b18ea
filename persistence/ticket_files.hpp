#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// A file of a ticket (the customer's artwork, support's proof) with its
/// bytes.
struct ticket_file_row {
  std::string id;
  std::string ticket_id;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  /// SHA-256 of `bytes`, hex (computed by the caller, stored as given).
  std::string sha256;
  /// The content, any bytes (NUL included).
  std::string bytes;
  std::int64_t created_at = 0; // Unix ms
};

/// Where the tickets' files are kept. Every read names the ticket: a file
/// of another ticket is "not found". Blocking and not thread-safe: one
/// instance per thread. PostgreSQL's: `open_ticket_files` in
/// persistence/postgres.hpp.
class ticket_files_port {
public:
  virtual ~ticket_files_port() = default;

  /// Stores `file`. False, and no change, when a file with its id is
  /// already stored (a retried upload keeps the first).
  virtual expected<bool, store_error> put(const ticket_file_row& file) = 0;

  /// The file `file_id` of ticket `ticket_id`; nothing when there is none
  /// or it belongs to another ticket.
  virtual expected<std::optional<ticket_file_row>, store_error>
  get(const std::string& ticket_id, const std::string& file_id) = 0;

  /// False when there is no such file.
  virtual expected<bool, store_error> remove(const std::string& file_id) = 0;
};

} // namespace souk
