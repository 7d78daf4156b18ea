// bench/workflow: executions/s of a 3-step workflow whose every step is
// durably recorded, at 64 concurrent executions, start to completion, with
// the raw baseline (one INSERT per transaction, 64 connections) measured in
// the same run on the same cluster.
//
// Usage: workflow_bench [seconds, default 5]
#include <cstdio>
#include <future>

#include <caf/all.hpp>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/engine.hpp"
#include "bench/bench_support.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"

using namespace souk;
using namespace souk::workflows;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

struct run_result {
  double per_s = 0;
  double p50 = 0;
  double p99 = 0;
  long failed = 0;
};

// Keeps `in_flight` executions going for `seconds`: each is started, then
// awaited until completed; the latency is start to completion.
run_result drive(caf::actor_system& sys, caf::actor engine, int in_flight,
                 double seconds) {
  struct driver_state {
    long started = 0;
    long done = 0;
    long failed = 0;
    std::vector<double> lat;
    bool stop = false;
  };
  std::promise<run_result> out;
  auto result = out.get_future();
  auto start = clock_type::now();
  static int run = 0; // keys are new in every run: none is answered from
  auto prefix = "bench" + std::to_string(++run) + ":"; // an earlier one
  sys.spawn([&, start, prefix](caf::stateful_actor<driver_state>* self) {
    auto one = [self, engine, prefix](auto& again) -> void {
      auto key = prefix + std::to_string(self->state.started++);
      auto t0 = clock_type::now();
      self
        ->request(engine, caf::infinite, wf_start_atom::value,
                  std::string{"bench"}, key, std::string{R"({"order":"o"})"},
                  std::string{"bench"})
        .then([self, engine, key, t0, again](execution_reply&) {
          self->request(engine, caf::infinite, wf_result_atom::value, key)
            .then([self, t0, again](execution_reply& r) {
              auto& st = self->state;
              if (!r || r->status != execution_status::completed)
                ++st.failed;
              st.lat.push_back(std::chrono::duration<double, std::milli>(
                                 clock_type::now() - t0)
                                 .count());
              ++st.done;
              if (!st.stop)
                again(again);
            });
        });
    };
    for (int i = 0; i < in_flight; ++i)
      one(one);
    self->delayed_send(self,
                       std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::duration<double>(seconds)),
                       caf::close_atom::value);
    return caf::behavior{[self, &out, start](caf::close_atom) {
      auto& st = self->state;
      st.stop = true;
      auto elapsed
        = std::chrono::duration<double>(clock_type::now() - start).count();
      out.set_value({double(st.done) / elapsed, bench::percentile(st.lat, 0.5),
                     bench::percentile(st.lat, 0.99), st.failed});
    }};
  });
  auto r = result.get();
  std::this_thread::sleep_for(1s); // let the last executions finish
  return r;
}

step_fn step_output(std::string json) {
  return immediate(
    [json](const step_context&) -> step_outcome { return json; });
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  std::printf("load average before: %s\n\n", bench::loadavg().c_str());
  bench::bench_cluster cluster;
  auto conninfo = cluster.conninfo();
  auto writer
    = std::make_shared<group_commit_writer>(group_commit_options{conninfo});
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto appender = spawn_append_bridge(sys, writer);
  auto reader = spawn_stream_reader(
    sys, [conninfo] { return std::make_unique<pg_event_store>(conninfo); });
  auto index = spawn_execution_index(
    sys, [conninfo] { return std::make_unique<pg_execution_index>(conninfo); });
  auto set
    = make_workflow_set({workflow("bench")
                           .step("reserve", step_output(R"({"units":1})"))
                           .step("authorize", step_output(R"({"auth":"a"})"))
                           .step("create order", step_output(R"({"id":"o"})"))
                           .build()});
  auto engine
    = spawn_workflow_engine(sys, std::move(*set), reader, appender, index);
  drive(sys, engine, 64, 1.0); // warm-up
  auto one = drive(sys, engine, 1, seconds);
  auto many = drive(sys, engine, 64, seconds);
  auto raw = bench::raw_baseline(conninfo, seconds);
  auto stats = writer->stats();
  std::printf(
    "| load | executions/s | p50 ms | p99 ms | failed "
    "|\n|---|---:|---:|---:|---:|\n"
    "| 1 at a time | %.0f | %.2f | %.2f | %ld |\n"
    "| 64 concurrent | %.0f | %.2f | %.2f | %ld |\n"
    "| raw baseline: 1 INSERT per transaction, 64 conns (rows/s) | %.0f | | | "
    "|\n"
    "\nEach execution appends 4 times (8 events): its start with the first "
    "step's,\n"
    "each completion with the next start, the last with the result.\n"
    "64 concurrent executions/s ÷ raw rows/s = %.2f; events/s ÷ raw = %.2f\n"
    "group commit: %ld batches, %ld appends\n",
    one.per_s, one.p50, one.p99, one.failed, many.per_s, many.p50, many.p99,
    many.failed, raw, many.per_s / raw, 8 * many.per_s / raw,
    static_cast<long>(stats.batches), static_cast<long>(stats.appends));
  std::printf("\nload average after: %s\n", bench::loadavg().c_str());
  for (auto& a : {engine, appender, reader, index})
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  std::this_thread::sleep_for(500ms);
  return 0;
}
