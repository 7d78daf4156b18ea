#pragma once

#include <string>

namespace souk {

/// One versioned SQL file; `name` ("0001_event_store.sql") is its version.
struct migration_file {
  std::string name;
  std::string sql;
};

} // namespace souk
