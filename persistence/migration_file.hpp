#pragma once

#include <string>
#include <vector>

namespace souk {

/// One versioned SQL file; `name` ("0001_event_store.sql") is its version.
struct migration_file {
  std::string name;
  std::string sql;
};

/// The files of persistence/migrations/, compiled into the binary, in name
/// order: souk's own schema (the event store, accounts, read models).
const std::vector<migration_file>& embedded_migrations();

} // namespace souk
