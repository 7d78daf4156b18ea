#include "persistence/pg_execution_index.hpp"

namespace souk {

namespace {

// "workflow-<id>" → "<id>"
constexpr auto id_column = "substr(stream_id, length('workflow-') + 1)";

std::vector<std::string> ids(const pqxx::result& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (auto row : rows)
    out.push_back(row[0].as<std::string>());
  return out;
}

} // namespace

workflow_counts read_workflow_counts(pqxx::connection& conn) {
  auto row = pqxx::nontransaction{conn}.exec1(
    "SELECT started, completed, failed FROM workflow_execution_counts");
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
          row[2].as<std::int64_t>()};
}

pg_execution_index::pg_execution_index(std::string conninfo)
  : session_(std::move(conninfo)) {
  // nop
}

workflows::id_list pg_execution_index::list(std::int64_t limit,
                                            std::int64_t offset) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return ids(
      tx.exec_params(std::string{"SELECT "} + id_column
                       + " FROM events WHERE type = 'workflow.started.v1'"
                         " ORDER BY position DESC LIMIT $1 OFFSET $2",
                     limit, offset));
  });
}

workflows::id_list pg_execution_index::unfinished(std::int64_t before_ms) {
  return session_.run([&](pqxx::connection& c) {
    pqxx::nontransaction tx{c};
    return ids(tx.exec_params(
      std::string{"SELECT "} + id_column
        + " FROM events s WHERE s.type = 'workflow.started.v1'"
          " AND s.committed_at < to_timestamp($1 / 1000.0)"
          " AND NOT EXISTS (SELECT 1 FROM events e"
          "   WHERE e.type IN ('workflow.completed.v1', 'workflow.failed.v1')"
          "     AND e.stream_id = s.stream_id)"
          " ORDER BY s.position",
      before_ms));
  });
}

} // namespace souk
