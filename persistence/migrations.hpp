#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/expected.hpp"
#include "persistence/migration_file.hpp"

namespace souk {

/// Applies the files not yet recorded in `schema_migrations`. A file's group
/// is its name up to the last '/' ("notes/0001_notes.sql": a module's;
/// souk's own have none): groups apply in the order they first come in
/// `files`, and each group's files in name order. Each
/// file runs in its own transaction under a PostgreSQL advisory lock, so two
/// nodes starting at once apply every file exactly once between them. A file
/// that fails is rolled back whole (earlier files stay applied) and the
/// error names it. Returns the names applied now.
expected<std::vector<std::string>, std::string>
migrate(pqxx::connection& conn, const std::vector<migration_file>& files);

/// Names recorded in `schema_migrations` (empty when the table is missing).
std::vector<std::string> applied_migrations(pqxx::connection& conn);

} // namespace souk
