#include "http/server_metrics.hpp"

#include "persistence/postgres.hpp"

namespace souk {

namespace {

void help(std::string& out, const std::string& name, const std::string& text,
          const std::string& type) {
  out += "# HELP " + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const std::string& name, std::int64_t value) {
  out += name + " " + std::to_string(value) + "\n";
}

} // namespace

server_metrics::server_metrics(std::string conninfo,
                               std::shared_ptr<group_commit_writer> w,
                               const module_context::declared& declared,
                               const http_metrics& requests)
  : conninfo_(std::move(conninfo)), writer_(std::move(w)), declared_(declared),
    requests_(requests) {
  // nop
}

server_metrics::~server_metrics() = default;

std::string server_metrics::render() {
  std::string out = requests_.render();
  auto st = writer_->stats();
  help(out, "souk_group_commit_batches_total", "Batches committed.", "counter");
  sample(out, "souk_group_commit_batches_total", st.batches);
  help(out, "souk_group_commit_appends_total", "Appends committed.", "counter");
  sample(out, "souk_group_commit_appends_total", st.appends);
  help(out, "souk_group_commit_events_total", "Events committed.", "counter");
  sample(out, "souk_group_commit_events_total", st.events);
  help(out, "souk_resident_actors", "Entity actors in memory, by kind.",
       "gauge");
  for (auto& kind : declared_.kinds)
    if (auto live = kind.resident(std::chrono::seconds{2}); live >= 0)
      sample(out, "souk_resident_actors{kind=\"" + kind.name + "\"}", live);
  std::lock_guard<std::mutex> guard{mtx_};
  if (!db_)
    db_ = open_feed_stats(conninfo_);
  auto head = db_->feed_head();
  if (head) {
    help(out, "souk_subscriber_lag_events",
         "Events committed that a subscriber has not handled yet.", "gauge");
    for (auto& [name, sub] : declared_.subscribers)
      sample(out, "souk_subscriber_lag_events{subscriber=\"" + name + "\"}",
             *head - sub->position());
  }
  // Counters kept by the append itself (migration 0008): one row, not a
  // count over the events.
  if (auto counts = db_->execution_counts()) {
    help(out, "souk_workflow_executions", "Workflow executions, by state.",
         "gauge");
    sample(out, "souk_workflow_executions{state=\"running\"}",
           counts->running());
    sample(out, "souk_workflow_executions{state=\"completed\"}",
           counts->completed);
    sample(out, "souk_workflow_executions{state=\"failed\"}", counts->failed);
  }
  for (auto& lines : declared_.metrics)
    out += lines();
  return out;
}

} // namespace souk
