#include "persistence/embedded_postgres.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/support/child_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk {
namespace {

namespace fs = std::filesystem;

// The user the cluster runs as: postgres when the tests run as root.
uid_t cluster_uid() {
  if (geteuid() != 0)
    return geteuid();
  auto postgres = find_system_user("postgres");
  return postgres ? postgres->uid : 0;
}

// A fresh directory under /tmp the cluster's user can enter; removed after.
struct scratch_dir {
  scratch_dir() {
    char tmpl[] = "/tmp/souk-test-pgdir-XXXXXX";
    EXPECT_TRUE(mkdtemp(tmpl));
    chmod(tmpl, 0755);
    path = tmpl;
  }
  ~scratch_dir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};

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

TEST(PrivateDirectory, ASymlinkAWideModeOrAnotherOwnerIsNotPrivate) {
  scratch_dir scratch;
  auto dir = scratch.path / "d";
  fs::create_directory(dir);
  chmod(dir.c_str(), 0700);
  EXPECT_EQ(check_private_directory(dir, geteuid()), std::nullopt);
  auto link = scratch.path / "link";
  fs::create_directory_symlink(dir, link);
  auto linked = check_private_directory(link, geteuid());
  ASSERT_TRUE(linked);
  EXPECT_NE(linked->find("symbolic link"), std::string::npos) << *linked;
  chmod(dir.c_str(), 0755);
  auto wide = check_private_directory(dir, geteuid());
  ASSERT_TRUE(wide);
  EXPECT_NE(wide->find("mode 0755"), std::string::npos) << *wide;
  chmod(dir.c_str(), 0700);
  auto other = check_private_directory(dir, geteuid() + 1);
  ASSERT_TRUE(other);
  EXPECT_NE(other->find("belongs to uid"), std::string::npos) << *other;
}

TEST(PrivateDirectory, ATempDirectoryIsNewModeSevenHundredAndHandedOver) {
  std::optional<system_user> owner;
  if (geteuid() == 0)
    owner = find_system_user("postgres");
  auto a = make_private_temp_directory("souk-test-private-", owner);
  auto b = make_private_temp_directory("souk-test-private-", owner);
  ASSERT_TRUE(a) << a.error();
  ASSERT_TRUE(b) << b.error();
  EXPECT_NE(*a, *b) << "mkdtemp: a new name each time";
  EXPECT_EQ(a->parent_path(), fs::temp_directory_path());
  struct stat st {};
  ASSERT_EQ(lstat(a->c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(st.st_uid, cluster_uid());
  fs::remove(*a);
  fs::remove(*b);
}

// A data directory too long for a socket path: the socket goes to /tmp.
// Earlier souks used the predictable /tmp/souk-pg-<hash of the path>,
// which anyone could create first, e.g. as a link to a directory of theirs.
TEST(EmbeddedPostgres, ALongDataDirGetsAPrivateSocketDirNotAPlantedOne) {
  scratch_dir scratch;
  auto data = scratch.path / std::string(80, 'd') / "pg";
  ASSERT_GT(data.string().size(), 108u);
  auto planted_target = scratch.path / "attacker";
  fs::create_directory(planted_target);
  chmod(planted_target.c_str(), 0777);
  fs::path predictable
    = fs::temp_directory_path()
      / ("souk-pg-" + std::to_string(std::hash<std::string>{}(data.string())));
  fs::remove(predictable);
  fs::create_directory_symlink(planted_target, predictable);
  fs::path socket_dir;
  {
    auto pg = embedded_postgres::start({data, "", "postgres", true});
    ASSERT_TRUE(pg) << pg.error();
    socket_dir = (*pg)->socket_dir();
    EXPECT_NE(socket_dir, predictable);
    EXPECT_EQ(socket_dir.parent_path(), fs::temp_directory_path());
    EXPECT_EQ(check_private_directory(socket_dir, cluster_uid()), std::nullopt)
      << "a directory of its own, the cluster user's, mode 0700";
    EXPECT_TRUE(fs::exists(socket_dir / ".s.PGSQL.5432"));
    EXPECT_TRUE(fs::is_empty(planted_target)) << "no socket in the plant";
    struct stat st {};
    ASSERT_EQ(lstat(planted_target.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, geteuid()) << "the plant was not handed over";
    EXPECT_EQ(st.st_mode & 07777, 0777u);
    {
      pqxx::connection conn{(*pg)->conninfo()};
      pqxx::nontransaction tx{conn};
      EXPECT_EQ(tx.exec1("SHOW unix_socket_directories")[0].as<std::string>(),
                socket_dir.string());
    }
    // A second start adopts the running server and finds its socket.
    auto again = embedded_postgres::start({data, "", "postgres", true});
    ASSERT_TRUE(again) << again.error();
    EXPECT_EQ((*again)->socket_dir(), socket_dir);
    pqxx::connection conn{(*again)->conninfo()};
    EXPECT_TRUE(conn.is_open());
  }
  EXPECT_FALSE(fs::exists(socket_dir)) << "removed after the server stopped";
  fs::remove(predictable);
}

TEST(EmbeddedPostgres, AClusterDirectoryPlantedInTmpIsRefused) {
  scratch_dir scratch;
  // Someone made /tmp/<name> first: as a link to a directory of theirs.
  auto target = scratch.path / "theirs";
  fs::create_directory(target);
  auto planted = fs::temp_directory_path()
                 / ("souk-test-planted-" + scratch.path.filename().string());
  fs::create_directory_symlink(target, planted);
  auto pg = embedded_postgres::start({planted, "", "postgres", true});
  ASSERT_FALSE(pg);
  EXPECT_NE(pg.error().find("is a symbolic link"), std::string::npos)
    << pg.error();
  EXPECT_TRUE(fs::is_empty(target)) << "no cluster made in it";
  fs::remove(planted);
}

// The state letter of /proc/<pid>/stat ('Z' for a zombie), '?' if none.
char state_of(int pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string stat;
  std::getline(in, stat);
  auto close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size()
           ? '?'
           : stat[close + 2];
}

int postmaster_pid(const fs::path& data_dir) {
  std::ifstream pidfile{data_dir / "postmaster.pid"};
  int pid = 0;
  pidfile >> pid;
  return pid;
}

// A postmaster.pid as a test would leave it, naming `pid`, owned by the
// cluster's user like a real one.
void plant_cluster(const fs::path& dir, int pid) {
  fs::create_directories(dir);
  std::ofstream{dir / "postmaster.pid"} << pid << "\n" << dir.string() << "\n";
  for (auto& p : {dir, dir / "postmaster.pid"})
    ASSERT_EQ(chown(p.c_str(), cluster_uid(), static_cast<gid_t>(-1)), 0);
}

// scripts/reap-test-clusters.sh on a world-writable directory of our own
// (the script only ever touches <prefix>*): pid files anyone could plant
// there name a process that is no postmaster, or a postmaster of another
// directory; neither is signalled. The real leftover cluster is stopped.
TEST(ReapTestClusters, StopsOnlyThePostmasterOfEachDirectoryFound) {
  scratch_dir scratch;
  auto world = scratch.path / "world";
  fs::create_directory(world);
  chmod(world.c_str(), 01777); // like /tmp
  auto prefix = (world / "souk-test-").string();
  auto left
    = embedded_postgres::start({prefix + "left/pg", "", "postgres", true});
  ASSERT_TRUE(left) << left.error();
  auto left_pid = postmaster_pid((*left)->data_dir());
  ASSERT_GT(left_pid, 0);
  // A process of the cluster's user, as a planted pid would name.
  auto victim_argv
    = geteuid() == 0
        ? std::vector<std::string>{"/usr/bin/setpriv", "--reuid=postgres",
                                   "--regid=postgres", "--clear-groups",
                                   "/bin/sleep",       "600"}
        : std::vector<std::string>{"/bin/sleep", "600"};
  test::child_process victim{victim_argv};
  auto exe = "/proc/" + std::to_string(victim.pid()) + "/exe";
  for (int i = 0; i < 500; ++i) { // until setpriv has become sleep
    std::error_code ec;
    if (fs::read_symlink(exe, ec).filename() == "sleep")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  plant_cluster(prefix + "victim/pg", victim.pid());
  auto& shared = test::test_cluster::instance().pg();
  auto shared_pid = postmaster_pid(shared.data_dir());
  ASSERT_GT(shared_pid, 0);
  plant_cluster(prefix + "shared/pg", shared_pid);
  // A link to a directory outside the prefix is not followed.
  auto outside = scratch.path / "outside";
  plant_cluster(outside / "pg", victim.pid());
  fs::create_directory_symlink(outside, prefix + "link");

  auto reap = std::string{"bash "} + SOUK_REAP_SCRIPT + " '" + prefix + "'";
  ASSERT_EQ(std::system(reap.c_str()), 0);

  EXPECT_EQ(state_of(left_pid), '?') << "the leftover cluster is stopped";
  EXPECT_FALSE(fs::exists(prefix + "left"));
  EXPECT_NE(state_of(victim.pid()), 'Z') << "the planted pid was signalled";
  EXPECT_NE(state_of(victim.pid()), '?');
  EXPECT_TRUE(shared.running()) << "another directory's postmaster was hit";
  EXPECT_FALSE(fs::exists(prefix + "link")) << "the link itself is removed";
  EXPECT_TRUE(fs::exists(outside / "pg" / "postmaster.pid"))
    << "what it points to is not";
}

TEST(ReapTestClusters, RefusesAPrefixThatIsNotASoukTestOne) {
  scratch_dir scratch;
  auto other = scratch.path / "other-x";
  fs::create_directory(other);
  auto reap = std::string{"bash "} + SOUK_REAP_SCRIPT + " '"
              + (scratch.path / "other-").string() + "' 2>/dev/null";
  auto status = std::system(reap.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_TRUE(fs::exists(other));
}

} // namespace
} // namespace souk
