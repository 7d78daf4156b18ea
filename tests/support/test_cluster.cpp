#include "tests/support/test_cluster.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>

#include <pqxx/pqxx>

#include "persistence/migrations.hpp"

namespace souk::test {

test_cluster& test_cluster::instance() {
  static test_cluster cluster;
  return cluster;
}

test_cluster::test_cluster() {
  char tmpl[] = "/tmp/souk-test-XXXXXX";
  if (!mkdtemp(tmpl))
    throw std::runtime_error("mkdtemp failed");
  root_ = tmpl;
  // The cluster's user (postgres, when tests run as root) must get in.
  chmod(root_.c_str(), 0755);
  auto pg = embedded_postgres::start(
    {std::filesystem::path{root_} / "pg", "", "postgres", true});
  if (!pg)
    throw std::runtime_error("test cluster: " + pg.error());
  pg_ = std::move(*pg);
  pqxx::connection conn{pg_->conninfo("postgres")};
  pqxx::nontransaction{conn}.exec0("CREATE DATABASE souk_template");
  pqxx::connection tmpl_conn{pg_->conninfo("souk_template")};
  auto applied = migrate(tmpl_conn, embedded_migrations());
  if (!applied)
    throw std::runtime_error(applied.error());
}

test_cluster::~test_cluster() {
  pg_.reset();
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

std::string test_cluster::fresh_database() {
  auto name = "t" + std::to_string(++next_);
  pqxx::connection conn{pg_->conninfo("postgres")};
  // A session that just closed on the template may still be ending on the
  // server ("source database is being accessed by other users"): wait.
  for (int attempt = 0;; ++attempt) {
    try {
      pqxx::nontransaction{conn}.exec0("CREATE DATABASE " + name
                                       + " TEMPLATE souk_template");
      return pg_->conninfo(name);
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() != "55006" || attempt == 100)
        throw;
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
  }
}

std::string test_cluster::empty_database() {
  auto name = "e" + std::to_string(++next_);
  pqxx::connection conn{pg_->conninfo("postgres")};
  pqxx::nontransaction{conn}.exec0("CREATE DATABASE " + name);
  return pg_->conninfo(name);
}

} // namespace souk::test
