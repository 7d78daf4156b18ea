#pragma once

#include <string>

#include "persistence/pg_session.hpp"
#include "persistence/ticket_files.hpp"

namespace souk {

/// The `ticket_files` table (tickets migration 0002). Blocking, one
/// connection.
class pg_ticket_files final : public ticket_files_port {
public:
  explicit pg_ticket_files(std::string conninfo);
  expected<bool, store_error> put(const ticket_file_row& file) override;
  expected<std::optional<ticket_file_row>, store_error>
  get(const std::string& ticket_id, const std::string& file_id) override;
  expected<bool, store_error> remove(const std::string& file_id) override;

private:
  pg_session session_;
};

} // namespace souk
