#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace souk {

/// `conninfo` (a postgresql:// URL or keyword/value string) with a
/// connect_timeout added when it has none, so an unreachable server fails
/// fast instead of hanging.
std::string with_connect_timeout(const std::string& conninfo, int seconds);

/// `conninfo` with any password replaced by "***", for messages and logs.
std::string redact_conninfo(const std::string& conninfo);

/// Opens a connection (blocking). Throws pqxx::broken_connection.
std::unique_ptr<pqxx::connection> pg_connect(const std::string& conninfo);

/// True when `e` means the connection (not the statement) failed: the
/// server went away, was shut down or the socket broke.
bool is_connection_failure(const std::exception& e);

} // namespace souk
