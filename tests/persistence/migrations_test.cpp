#include "persistence/migrations.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "persistence/pg_execution_index.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

bool table_exists(pqxx::connection& conn, const std::string& name) {
  pqxx::nontransaction tx{conn};
  return tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", name)[0]
    .as<bool>();
}

TEST(Migrations, EmbeddedFilesApplyInOrderOnceAndAreRecorded) {
  pqxx::connection conn{test::test_cluster::instance().empty_database()};
  const auto& files = embedded_migrations();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front().name, "0001_event_store.sql");
  auto applied = migrate(conn, files);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(applied->size(), files.size());
  EXPECT_EQ(applied_migrations(conn), *applied);
  EXPECT_TRUE(table_exists(conn, "events"));
  EXPECT_TRUE(table_exists(conn, "snapshots"));
  auto again = migrate(conn, files);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST(Migrations, AFailingFileLeavesTheSchemaAsItWasAndIsNamed) {
  pqxx::connection conn{test::test_cluster::instance().empty_database()};
  std::vector<migration_file> files{
    {"0001_a.sql", "CREATE TABLE a (x int);"},
    {"0002_bad.sql", "CREATE TABLE b (x int); SELECT no_such_function();"},
    {"0003_c.sql", "CREATE TABLE c (x int);"}};
  auto r = migrate(conn, files);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("0002_bad.sql"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("no_such_function"), std::string::npos);
  EXPECT_TRUE(table_exists(conn, "a"));
  EXPECT_FALSE(table_exists(conn, "b")); // rolled back with its file
  EXPECT_FALSE(table_exists(conn, "c")); // never reached
  EXPECT_EQ(applied_migrations(conn), std::vector<std::string>{"0001_a.sql"});
}

TEST(Migrations, FilesApplyInNameOrderWhateverTheListOrder) {
  pqxx::connection conn{test::test_cluster::instance().empty_database()};
  std::vector<migration_file> files{
    {"0002_use.sql", "INSERT INTO t VALUES (1);"},
    {"0001_make.sql", "CREATE TABLE t (x int);"}};
  auto r = migrate(conn, files);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(*r, (std::vector<std::string>{"0001_make.sql", "0002_use.sql"}));
}

// Appends a lifecycle (or other) event straight into the table.
void insert_event(pqxx::connection& conn, int position,
                  const std::string& type) {
  pqxx::nontransaction{conn}.exec_params(
    "INSERT INTO events (position, stream_id, version, event_id, type, data)"
    " VALUES ($1::bigint, 'workflow-w' || $1::text, 1, gen_random_uuid(),"
    " $2, '{}')",
    position, type);
}

std::vector<std::int64_t> counts(pqxx::connection& conn) {
  auto c = read_workflow_counts(conn);
  return {c.started, c.completed, c.failed};
}

TEST(Migrations, WorkflowCountsStartFromTheEventsThenFollowEveryInsert) {
  pqxx::connection conn{test::test_cluster::instance().empty_database()};
  std::vector<migration_file> before, all = embedded_migrations();
  for (auto& f : all)
    if (f.name < "0008")
      before.push_back(f);
  ASSERT_TRUE(migrate(conn, before));
  int pos = 0;
  for (auto type :
       {"workflow.started.v1", "workflow.started.v1", "workflow.started.v1",
        "workflow.completed.v1", "workflow.failed.v1", "order.placed.v1"})
    insert_event(conn, ++pos, type);
  auto applied = migrate(conn, all);
  ASSERT_TRUE(applied) << applied.error();
  EXPECT_EQ(counts(conn), (std::vector<std::int64_t>{3, 1, 1}));
  for (auto type :
       {"workflow.started.v1", "workflow.completed.v1", "workflow.completed.v1",
        "workflow.step_started.v1", "cart.created.v1"})
    insert_event(conn, ++pos, type);
  EXPECT_EQ(counts(conn), (std::vector<std::int64_t>{4, 3, 1}));
  EXPECT_EQ(read_workflow_counts(conn).running(), 0);
}

TEST(Migrations, TwoNodesMigratingAtOnceApplyEachFileOnce) {
  auto conninfo = test::test_cluster::instance().empty_database();
  // Not idempotent on purpose: running a file twice would fail.
  std::vector<migration_file> files{
    {"0001_slow.sql", "CREATE TABLE slow (x int); SELECT pg_sleep(0.3);"},
    {"0002_more.sql", "CREATE TABLE more (x int);"}};
  expected<std::vector<std::string>, std::string> a = std::string{"unset"};
  expected<std::vector<std::string>, std::string> b = std::string{"unset"};
  std::thread ta([&] {
    pqxx::connection conn{conninfo};
    a = migrate(conn, files);
  });
  std::thread tb([&] {
    pqxx::connection conn{conninfo};
    b = migrate(conn, files);
  });
  ta.join();
  tb.join();
  ASSERT_TRUE(a) << a.error();
  ASSERT_TRUE(b) << b.error();
  EXPECT_EQ(a->size() + b->size(), files.size());
}

} // namespace
} // namespace souk
