#include "persistence/migrations.hpp"

#include <thread>

#include <gtest/gtest.h>

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
