// bench/event_store: one run, one cluster, three ways to write events.
//
//  (a) raw baseline: one INSERT per transaction, 64 connections
//  (b) souk: group_commit_writer::append, one event per append, 64 appenders
//  (c) bulk ceiling: COPY of the same rows from one connection
//
// Usage: event_store_bench [seconds per phase, default 5]
// Prints a Markdown table for bench/RESULTS.md. Loopback/Unix socket only;
// every loop is bounded by time.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/uuid.hpp"
#include "bench/bench_support.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/migrations.hpp"

using namespace souk;
using souk::bench::loadavg;
using souk::bench::percentile;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int concurrency = 64;
const std::string payload
  = R"({"sku":"cup-8oz","quantity":500,"note":"bench"})";

// Same columns and indexes as `events`, for the baseline and the ceiling.
constexpr const char* raw_table = R"sql(
  CREATE TABLE raw_events (
    position     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id    text NOT NULL,
    version      bigint NOT NULL,
    event_id     uuid NOT NULL UNIQUE,
    type         text NOT NULL,
    data         jsonb NOT NULL,
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
    committed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, version)))sql";

struct phase {
  std::string name;
  double events_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// Runs `body(thread, seq)` on `threads` threads for `seconds`; collects
// per-call latency.
template <class Body>
phase timed(std::string name, int threads, double seconds, Body body) {
  std::atomic<bool> stop{false};
  std::mutex mtx;
  std::vector<double> latencies;
  std::atomic<long> count{0};
  std::vector<std::thread> pool;
  auto start = clock_type::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      std::vector<double> mine;
      for (long seq = 1; !stop; ++seq) {
        auto t0 = clock_type::now();
        body(t, seq);
        mine.push_back(
          std::chrono::duration<double, std::milli>(clock_type::now() - t0)
            .count());
        ++count;
      }
      std::lock_guard guard{mtx};
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  double elapsed
    = std::chrono::duration<double>(clock_type::now() - start).count();
  return {std::move(name), double(count) / elapsed, percentile(latencies, 0.50),
          percentile(latencies, 0.99)};
}

// Appenders shaped like actors: each completion sends that appender's next
// append, so no thread is parked per appender.
phase actor_style(const std::string& conninfo, int appenders_n, double seconds,
                  group_commit_stats& stats_out) {
  group_commit_writer writer{{conninfo}};
  struct appender {
    std::int64_t version = 0;
    clock_type::time_point sent;
  };
  std::vector<appender> appenders(appenders_n);
  std::vector<double> latencies;
  std::mutex mtx;
  std::atomic<bool> stop{false};
  std::atomic<int> active{appenders_n};
  std::atomic<long> count{0};
  auto tag = "a" + std::to_string(appenders_n) + "-";
  std::function<void(int)> send = [&](int a) {
    appenders[a].sent = clock_type::now();
    writer.append({tag + std::to_string(a),
                   appenders[a].version,
                   {{"bench.appended.v1", payload, {}, ""}}},
                  [&, a](append_result r) {
                    auto ms = std::chrono::duration<double, std::milli>(
                                clock_type::now() - appenders[a].sent)
                                .count();
                    if (r) {
                      appenders[a].version = r->version;
                      ++count;
                      std::lock_guard guard{mtx};
                      latencies.push_back(ms);
                    }
                    if (stop || !r)
                      --active;
                    else
                      send(a);
                  });
  };
  auto start = clock_type::now();
  for (int a = 0; a < appenders_n; ++a)
    send(a);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  while (active > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  double elapsed
    = std::chrono::duration<double>(clock_type::now() - start).count();
  stats_out = writer.stats();
  return {"(b') souk append, " + std::to_string(appenders_n)
            + " actor-style appenders",
          double(count) / elapsed, percentile(latencies, 0.50),
          percentile(latencies, 0.99)};
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  // A normal cluster: fsync on, synchronous_commit on.
  souk::bench::bench_cluster cluster;
  auto conninfo = cluster.conninfo();
  {
    pqxx::connection conn{conninfo};
    pqxx::nontransaction{conn}.exec0(raw_table);
  }
  std::cerr << "load average before: " << loadavg() << "\n";
  std::vector<phase> phases;

  // (a) one INSERT per transaction, 64 connections.
  {
    std::vector<std::unique_ptr<pqxx::connection>> conns;
    for (int i = 0; i < concurrency; ++i) {
      conns.push_back(std::make_unique<pqxx::connection>(conninfo));
      conns.back()->prepare("ins",
                            "INSERT INTO raw_events (stream_id, version, "
                            "event_id, type, data) VALUES ($1, $2, $3, $4, "
                            "$5::jsonb)");
    }
    phases.push_back(timed("(a) raw INSERT, 1 per transaction, 64 conns",
                           concurrency, seconds, [&](int t, long seq) {
                             pqxx::nontransaction tx{*conns[t]};
                             tx.exec_prepared("ins", "raw-" + std::to_string(t),
                                              seq, make_uuid_v7(),
                                              "bench.raw.v1", payload);
                           }));
  }

  // (b) souk: group commit, 64 appenders, one event per append.
  group_commit_stats stats;
  {
    group_commit_writer writer{{conninfo}};
    phases.push_back(timed("(b) souk append via group commit, 64 appenders",
                           concurrency, seconds, [&](int t, long seq) {
                             auto r = writer.append(
                               {"bench-" + std::to_string(t),
                                seq - 1,
                                {{"bench.appended.v1", payload, {}, ""}}});
                             if (!r)
                               std::cerr << r.error().message << "\n";
                           }));
    stats = writer.stats();
  }

  // (b') the same with appenders shaped like actors, and the same at 4x
  // the appenders, to show what larger batches buy.
  group_commit_stats cont_stats;
  group_commit_stats wide_stats;
  phases.push_back(actor_style(conninfo, concurrency, seconds, cont_stats));
  phases.push_back(actor_style(conninfo, 4 * concurrency, seconds, wide_stats));

  // (c2) a plain multi-row INSERT of one batch's worth of rows (64) per
  // transaction from one connection: the table's own cost per row.
  {
    pqxx::connection conn{conninfo};
    std::string sql = "INSERT INTO raw_events (stream_id, version, event_id,"
                      " type, data) VALUES ";
    for (int r = 0; r < concurrency; ++r)
      sql += (r ? ", (" : "(") + std::string{"$"} + std::to_string(5 * r + 1)
             + ", $" + std::to_string(5 * r + 2) + ", $"
             + std::to_string(5 * r + 3) + ", $" + std::to_string(5 * r + 4)
             + ", $" + std::to_string(5 * r + 5) + "::jsonb)";
    conn.prepare("multi", sql);
    long batch_no = 0;
    phases.push_back(timed(
      "(c2) 64-row INSERT per transaction, 1 conn", 1, seconds, [&](int, long) {
        std::vector<std::string> params;
        ++batch_no;
        for (int r = 0; r < concurrency; ++r) {
          params.push_back("multi-" + std::to_string(r));
          params.push_back(std::to_string(batch_no));
          params.push_back(make_uuid_v7());
          params.push_back("bench.multi.v1");
          params.push_back(payload);
        }
        pqxx::nontransaction tx{conn};
        tx.exec_prepared("multi", pqxx::prepare::make_dynamic_params(params));
      }));
    phases.back().events_per_s *= concurrency;
  }

  // (c) the ceiling: COPY from one connection.
  {
    pqxx::connection conn{conninfo};
    long rows = 0;
    auto start = clock_type::now();
    while (clock_type::now() - start < std::chrono::duration<double>(seconds)) {
      pqxx::work tx{conn};
      pqxx::stream_to copy{tx, "raw_events",
                           std::vector<std::string>{"stream_id", "version",
                                                    "event_id", "type",
                                                    "data"}};
      for (int i = 0; i < 5000; ++i, ++rows)
        copy << std::make_tuple("copy-" + std::to_string(rows % 1000),
                                1000000 + rows, make_uuid_v7(),
                                std::string{"bench.copy.v1"}, payload);
      copy.complete();
      tx.commit();
    }
    double elapsed
      = std::chrono::duration<double>(clock_type::now() - start).count();
    phases.push_back({"(c) COPY, 5,000 rows per transaction, 1 conn",
                      double(rows) / elapsed, 0, 0});
  }

  auto load = loadavg();
  std::printf("| phase | events/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n");
  for (auto& p : phases)
    std::printf("| %s | %.0f | %.2f | %.2f |\n", p.name.c_str(), p.events_per_s,
                p.p50_ms, p.p99_ms);
  auto mean_batch = [](const group_commit_stats& st) {
    return st.batches ? double(st.appends) / double(st.batches) : 0.0;
  };
  auto& a = phases[0];
  auto& c = phases[5];
  std::printf("\n| ratio | value | mean batch (appends) |\n|---|---:|---:|\n");
  int i = 1;
  for (auto* st : {&stats, &cont_stats, &wide_stats}) {
    std::printf("| %s / (a) | %.2f | %.1f |\n",
                phases[i].name.substr(0, 4).c_str(),
                phases[i].events_per_s / a.events_per_s, mean_batch(*st));
    std::printf("| %s / (c) | %.2f | |\n", phases[i].name.substr(0, 4).c_str(),
                phases[i].events_per_s / c.events_per_s);
    ++i;
  }
  std::printf("\nload average after: %s\n", load.c_str());
  return 0;
}
