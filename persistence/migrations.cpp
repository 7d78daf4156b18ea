#include "persistence/migrations.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace souk {

namespace {

// Any constant works as long as every node uses the same one.
constexpr long long migration_lock = 0x736f756b6d6967; // "soukmig"

constexpr const char* create_table = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    name       text        PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))sql";

} // namespace

std::vector<std::string> applied_migrations(pqxx::connection& conn) {
  pqxx::read_transaction tx{conn};
  auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists[0].as<bool>())
    return {};
  std::vector<std::string> names;
  for (auto row : tx.exec("SELECT name FROM schema_migrations ORDER BY name"))
    names.push_back(row[0].as<std::string>());
  return names;
}

expected<std::vector<std::string>, std::string>
migrate(pqxx::connection& conn, const std::vector<migration_file>& files) {
  // A file's group is its name up to the last '/' (a module's, "" for
  // souk's own): groups apply in the order they come, each one's files in
  // name order.
  auto group = [](const std::string& name) {
    auto slash = name.rfind('/');
    return slash == std::string::npos ? std::string{} : name.substr(0, slash);
  };
  std::vector<std::string> groups;
  for (auto& f : files)
    if (std::find(groups.begin(), groups.end(), group(f.name)) == groups.end())
      groups.push_back(group(f.name));
  auto rank = [&](const migration_file& f) {
    return std::pair{std::find(groups.begin(), groups.end(), group(f.name))
                       - groups.begin(),
                     f.name};
  };
  auto sorted = files;
  std::sort(sorted.begin(), sorted.end(),
            [&](auto& a, auto& b) { return rank(a) < rank(b); });
  std::vector<std::string> applied;
  for (auto& file : sorted) {
    try {
      pqxx::work tx{conn};
      // Taken before looking: whoever waited sees the other node's work.
      tx.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock);
      tx.exec0(create_table);
      auto done = tx.exec_params(
        "SELECT 1 FROM schema_migrations WHERE name = $1", file.name);
      if (!done.empty())
        continue; // the transaction rolls back: nothing to keep
      tx.exec(file.sql);
      tx.exec_params("INSERT INTO schema_migrations (name) VALUES ($1)",
                     file.name);
      tx.commit();
      spdlog::info("applied migration {}", file.name);
      applied.push_back(file.name);
    } catch (const std::exception& e) {
      std::string what = e.what();
      while (!what.empty() && (what.back() == '\n' || what.back() == ' '))
        what.pop_back();
      return "migration " + file.name + " failed: " + what;
    }
  }
  return applied;
}

} // namespace souk
