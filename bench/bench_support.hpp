#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "actors/runtime/uuid.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/migrations.hpp"

namespace souk::bench {

/// The 1-, 5- and 15-minute load averages, as /proc/loadavg has them.
inline std::string loadavg() {
  std::ifstream in{"/proc/loadavg"};
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

/// The `p` quantile (0..1) of `v` (reorders it).
inline double percentile(std::vector<double>& v, double p) {
  if (v.empty())
    return 0;
  auto i = static_cast<size_t>(p * double(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + long(i), v.end());
  return v[i];
}

/// A migrated, throw-away embedded cluster with durable settings (fsync
/// and synchronous_commit on), removed when the benchmark ends.
class bench_cluster {
public:
  bench_cluster() {
    char tmpl[] = "/tmp/souk-bench-XXXXXX";
    if (!mkdtemp(tmpl))
      throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    chmod(tmpl, 0755); // the cluster's user must get in
    auto pg = embedded_postgres::start(
      {std::filesystem::path{dir_} / "pg", "", "postgres", false});
    if (!pg)
      throw std::runtime_error(pg.error());
    pg_ = std::move(*pg);
    pqxx::connection conn{conninfo()};
    if (auto applied = migrate(conn, embedded_migrations()); !applied)
      throw std::runtime_error(applied.error());
  }

  ~bench_cluster() {
    pg_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string conninfo() const { return pg_->conninfo(); }

private:
  std::string dir_;
  std::unique_ptr<embedded_postgres> pg_;
};

/// The raw baseline every benchmark reports against: one INSERT into the
/// events table per transaction from 64 connections for `seconds`.
/// Returns rows/s. (Negative positions keep it apart from real events.)
inline double raw_baseline(const std::string& conninfo, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> count{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 64; ++t)
    pool.emplace_back([&, t] {
      pqxx::connection c{conninfo};
      c.prepare("ins", "INSERT INTO events (position, stream_id, version,"
                       " event_id, type, data) VALUES ($1, $2, $3,"
                       " $4, 'raw.v1', '{}')");
      std::string stream{"raw-"};
      stream += std::to_string(t);
      for (long seq = 1; !stop; ++seq) {
        pqxx::nontransaction tx{c};
        tx.exec_prepared("ins", -(t * 100000000L + seq), stream, seq,
                         make_uuid_v7());
        ++count;
      }
    });
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  return double(count)
         / std::chrono::duration<double>(std::chrono::steady_clock::now()
                                         - start)
             .count();
}

} // namespace souk::bench
