#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "persistence/conninfo.hpp"

namespace souk {

/// Opens a connection (blocking). Throws pqxx::broken_connection.
std::unique_ptr<pqxx::connection> pg_connect(const std::string& conninfo);

/// True when `e` means the connection (not the statement) failed: the
/// server went away, was shut down or the socket broke.
bool is_connection_failure(const std::exception& e);

/// True when `e` means the server refuses writes for now: a read-only
/// database (25006, say a standby or default_transaction_read_only) or
/// too few resources (class 53: disk full, out of memory, too many
/// connections). Retriable once an operator has fixed it.
bool is_write_refusal(const std::exception& e);

} // namespace souk
