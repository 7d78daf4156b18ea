#pragma once

#include <string>

#include "actors/workflows/engine.hpp"
#include "persistence/feed_stats.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// The counts migration 0008 keeps up to date as lifecycle events are
/// appended: one row read, however many executions there are. Throws on
/// SQL errors (run it through a `pg_session`).
workflow_counts read_workflow_counts(pqxx::connection& conn);

/// Finds workflow executions by their lifecycle events (migration 0003
/// indexes them). Blocking, one connection, one thread.
class pg_execution_index : public workflows::execution_index {
public:
  explicit pg_execution_index(std::string conninfo);

  workflows::id_list list(std::int64_t limit, std::int64_t offset) override;
  workflows::id_list unfinished(std::int64_t before_ms) override;

private:
  pg_session session_;
};

} // namespace souk
