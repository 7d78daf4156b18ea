// SIGTERM while shoppers check out and a board is subscribed: every request
// souk had read is answered (none with a 5xx), the board's WebSocket is
// closed with 1001 (going away), and souk exits 0 within its grace.
#include <csignal>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/souk_process.hpp"
#include "tests/support/ws_client.hpp"

namespace souk {
namespace {

using namespace std::chrono_literals;

TEST(GracefulStop,
     SigtermUnderLoadAnswersEveryRequestAndClosesSocketsWith1001) {
  test::souk_data_dir dir{"stop"};
  test::souk_server souk{dir.path};
  auto admin = souk.admin();
  test::ws_client board{souk.port,
                        {{"authorization", "Bearer " + admin->token}}};
  ASSERT_EQ(test::field(board.read(5s).value_or(""), "type"), "ready");
  board.send(R"({"type":"subscribe","topics":["tickets","orders"]})");
  ASSERT_EQ(test::field(board.read(5s).value_or(""), "type"), "subscribed");
  test::shoppers load{souk.port, souk.demo, 16};
  std::this_thread::sleep_for(1500ms);
  ASSERT_GT(load.orders().size(), 0u) << test::describe(load.statuses());
  auto before = load.statuses();
  souk.proc->signal(SIGTERM);
  auto stopping = test::steady::now();
  auto code = souk.proc->wait(30s);
  auto stop_ms = test::ms_since(stopping);
  load.finish();
  ASSERT_TRUE(code) << "souk did not stop: " << souk.proc->output();
  EXPECT_EQ(*code, 0) << souk.proc->output();
  // The board reads what was pushed before the close, then the close.
  for (int i = 0; i < 10000 && !board.closed(); ++i)
    board.read(1s);
  EXPECT_TRUE(board.closed());
  EXPECT_EQ(board.close_code(), std::optional<std::uint16_t>{1001});
  auto statuses = load.statuses();
  int answered_while_stopping = 0;
  for (auto& [status, n] : statuses) {
    EXPECT_LT(status, 500) << n << " answers " << status << ": "
                           << test::describe(statuses);
    answered_while_stopping += n - before[status];
  }
  std::cout << "stopped in " << stop_ms << " ms; " << answered_while_stopping
            << " answers after SIGTERM; " << load.broken_connections()
            << " connections closed (idle or refused); answers "
            << test::describe(statuses) << "\n";
  EXPECT_EQ(souk.proc->output().find("still in flight"), std::string::npos)
    << "a request was dropped";
}

} // namespace
} // namespace souk
