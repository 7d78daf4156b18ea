#pragma once

#include <string>

#include "persistence/embedded_postgres.hpp"

namespace souk::test {

/// The throw-away PostgreSQL cluster of one test binary: started by the
/// embedded launcher on first use in a new temp directory, stopped and
/// removed at exit. Never skipped: no cluster, no tests.
class test_cluster {
public:
  static test_cluster& instance();

  embedded_postgres& pg() { return *pg_; }

  /// A new database with every migration applied; its libpq conninfo.
  std::string fresh_database();

  /// A new database with no schema at all.
  std::string empty_database();

  ~test_cluster();

private:
  test_cluster();

  std::string root_;
  std::unique_ptr<embedded_postgres> pg_;
  int next_ = 0;
};

} // namespace souk::test
