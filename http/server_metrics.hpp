#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "http/http_metrics.hpp"
#include "http/module.hpp"
#include "persistence/feed_stats.hpp"
#include "persistence/group_commit_writer.hpp"

namespace souk {

/// GET /metrics: requests, group commit, resident entities per kind,
/// subscriber lag, workflow executions, and each module's own lines.
/// `render` blocks (actor counts, two small queries: the feed head is one
/// probe of the primary key, the workflow counts one row): call it on the
/// db pool.
class server_metrics {
public:
  server_metrics(std::string conninfo, std::shared_ptr<group_commit_writer> w,
                 const module_context::declared& declared,
                 const http_metrics& requests);
  ~server_metrics();

  std::string render();

private:
  std::string conninfo_;
  std::shared_ptr<group_commit_writer> writer_;
  const module_context::declared& declared_;
  const http_metrics& requests_;
  std::mutex mtx_;
  std::unique_ptr<feed_stats_port> db_;
};

} // namespace souk
