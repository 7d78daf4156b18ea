#include "persistence/embedded_postgres.hpp"

#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

TEST(EmbeddedPostgres, ListensOnlyOnAUnixSocketInsideItsDirectory) {
  auto& pg = test::test_cluster::instance().pg();
  pqxx::connection conn{pg.conninfo()};
  pqxx::nontransaction tx{conn};
  EXPECT_EQ(tx.exec1("SHOW listen_addresses")[0].as<std::string>(), "")
    << "no TCP port to clash with";
  EXPECT_EQ(tx.exec1("SHOW unix_socket_directories")[0].as<std::string>(),
            pg.data_dir().string());
  EXPECT_EQ(tx.exec1("SHOW TimeZone")[0].as<std::string>(), "UTC");
}

TEST(EmbeddedPostgres, RunsAsTheUnprivilegedUserWhenSoukIsRoot) {
  auto& pg = test::test_cluster::instance().pg();
  std::ifstream pidfile{pg.data_dir() / "postmaster.pid"};
  int pid = 0;
  pidfile >> pid;
  ASSERT_GT(pid, 0);
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  unsigned uid = 0;
  while (std::getline(status, line))
    if (line.rfind("Uid:", 0) == 0)
      uid = static_cast<unsigned>(std::stoul(line.substr(4)));
  if (geteuid() == 0) {
    auto postgres = find_system_user("postgres");
    ASSERT_TRUE(postgres);
    EXPECT_EQ(uid, postgres->uid);
  } else {
    EXPECT_EQ(uid, geteuid());
  }
}

TEST(EmbeddedPostgres, AStartOnARunningClusterAdoptsIt) {
  auto& pg = test::test_cluster::instance().pg();
  auto again = embedded_postgres::start({pg.data_dir(), "", "postgres", true});
  ASSERT_TRUE(again) << again.error();
  EXPECT_TRUE((*again)->running());
  {
    pqxx::connection conn{(*again)->conninfo()};
    EXPECT_TRUE(conn.is_open());
  }
  // The adopter stops it on shutdown, as souk would...
  again->reset();
  EXPECT_FALSE(pg.running());
  // ...and the owner can start it again.
  ASSERT_TRUE(pg.restart_stopped());
  EXPECT_TRUE(pg.running());
}

} // namespace
} // namespace souk
