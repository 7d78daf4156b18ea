// souk killed with SIGKILL ten times in a row while shoppers check out,
// support moves tickets and writes notes, and admin boards hold WebSocket
// subscriptions; every other time its PostgreSQL is killed with it, leaving
// a stale postmaster.pid. It starts again on the same directory and port
// each time. Afterwards: every order whose checkout answered 200 exists
// with exactly one ticket per item and one confirmation e-mail, nothing is
// duplicated, every workflow those orders started has finished, and a
// board that reconnected with `since` has seen every ticket's last version
// with no change twice or out of order.
#include <csignal>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "actors/notifications/notification.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/souk_process.hpp"
#include "tests/support/ws_client.hpp"

namespace souk {
namespace {

using http::verb;
using namespace std::chrono_literals;
using test::steady;

int env_int(const char* name, int fallback) {
  auto v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

// Support staff on the ticket board: each round takes a ticket, writes a
// note with a text of its own and, every third round, moves the ticket on.
// The notes souk acknowledged are kept.
class support_staff {
public:
  support_staff(std::uint16_t port, const test::demo_info& demo,
                const std::string& token, int count)
    : port_(port), key_(demo.publishable_key), token_(token) {
    for (int i = 0; i < count; ++i)
      threads_.emplace_back([this, i] { work(i); });
  }
  ~support_staff() { finish(); }
  void finish() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable())
        t.join();
  }
  std::vector<std::pair<std::string, std::string>> notes() {
    std::lock_guard guard{mtx_};
    return notes_;
  }
  static inline std::atomic<int> serial{0};

private:
  void work(int i) {
    for (int round = 0; round < 400 && !stop_; ++round) {
      try {
        test::shop_client c{port_, key_};
        c.token = token_;
        auto [s, list] = c.call(verb::get, "/admin/tickets?limit=20&offset="
                                             + std::to_string(i % 3));
        simdjson::dom::array tickets;
        if (s != http::status::ok || list["tickets"].get(tickets)
            || tickets.size() == 0) {
          std::this_thread::sleep_for(100ms);
          continue;
        }
        auto t = tickets.at(static_cast<size_t>(round + i) % tickets.size());
        auto id = test::text(t["id"]);
        auto status = test::text(t["status"]);
        auto text = "note " + std::to_string(serial++);
        if (c.call(verb::post, "/admin/tickets/" + id + "/notes",
                   R"({"text":")" + text + R"(","internal":true})")
              .first
            == http::status::ok) {
          std::lock_guard guard{mtx_};
          notes_.emplace_back(id, text);
        }
        if (round % 3 == 0 && status == "brief_received")
          c.call(verb::post, "/admin/tickets/" + id + "/status",
                 R"({"status":"designing_artwork"})");
      } catch (const std::exception&) {
        std::this_thread::sleep_for(100ms); // souk is down: try again
      }
    }
  }

  std::uint16_t port_;
  std::string key_, token_;
  std::atomic<bool> stop_{false};
  std::mutex mtx_;
  std::vector<std::pair<std::string, std::string>> notes_;
  std::vector<std::thread> threads_;
};

// An admin board's live connection that outlives souk: it reconnects after
// every kill with `since` at the last position it saw. What it saw: the
// highest version of each ticket, and any change it got twice or out of
// feed order.
class board_watcher {
public:
  board_watcher(std::uint16_t port, const std::string& token)
    : thread_([this, port, token] { watch(port, token); }) {}
  ~board_watcher() { finish(); }
  void finish() {
    stop_ = true;
    if (thread_.joinable())
      thread_.join();
  }
  std::map<std::string, std::int64_t> versions() {
    std::lock_guard guard{mtx_};
    return versions_;
  }
  int out_of_order() const { return out_of_order_.load(); }
  int reconnects() const { return reconnects_.load(); }

private:
  void watch(std::uint16_t port, const std::string& token) {
    std::int64_t last = 0;
    simdjson::dom::parser parser;
    while (!stop_) {
      try {
        test::ws_client ws{port, {{"authorization", "Bearer " + token}}};
        ws.read(5s); // ready
        ws.send(R"({"type":"subscribe","topics":["tickets"],"since":)"
                + std::to_string(last) + "}");
        ++reconnects_;
        while (!stop_) {
          auto frame = ws.read(300ms);
          if (!frame) {
            if (ws.closed())
              break;
            continue;
          }
          auto type = test::field(*frame, "type");
          if (type != "ticket.created" && type != "ticket.updated")
            continue;
          auto position = test::position_of(*frame);
          if (position <= last)
            ++out_of_order_;
          last = std::max(last, position);
          auto doc = parser.parse(*frame);
          std::int64_t version = 0;
          if (doc.error() || doc["data"]["version"].get(version))
            continue;
          std::lock_guard guard{mtx_};
          auto& v = versions_[test::text(doc["data"]["id"])];
          v = std::max(v, version);
        }
      } catch (const std::exception&) {
        // souk is down
      }
      std::this_thread::sleep_for(100ms);
    }
  }

  std::atomic<bool> stop_{false};
  std::mutex mtx_;
  std::map<std::string, std::int64_t> versions_;
  std::atomic<int> out_of_order_{0}, reconnects_{0};
  std::thread thread_;
};

// Every ticket as the admin API lists it: id -> (order id, version).
std::map<std::string, std::pair<std::string, std::int64_t>>
all_tickets(test::shop_client& admin) {
  std::map<std::string, std::pair<std::string, std::int64_t>> out;
  for (int offset = 0;; offset += 500) {
    auto [s, list] = admin.call(verb::get, "/admin/tickets?limit=500&offset="
                                             + std::to_string(offset));
    simdjson::dom::array tickets;
    if (s != http::status::ok || list["tickets"].get(tickets))
      break;
    for (auto t : tickets)
      out[test::text(t["id"])]
        = {test::text(t["order_id"]), std::int64_t(t["version"])};
    if (tickets.size() < 500)
      break;
  }
  return out;
}

TEST(KillUnderLoad, TenHardKillsLoseNothingAcknowledgedAndDuplicateNothing) {
  const int kills = env_int("SOUK_KILL_ROUNDS", 10);
  const int shopper_count = env_int("SOUK_KILL_SHOPPERS", 44);
  test::smtp_server smtp;
  test::souk_data_dir dir{"kill"};
  auto port = static_cast<std::uint16_t>(test::free_port());
  std::vector<std::string> mail{"--notifications", "smtp",
                                "--smtp-host",     "127.0.0.1",
                                "--smtp-port",     std::to_string(smtp.port),
                                "--smtp-from",     "shop@souk.test"};
  std::vector<test::shoppers::placed> orders;
  std::vector<std::pair<std::string, std::string>> notes;
  std::string token;
  test::demo_info demo;
  std::unique_ptr<board_watcher> boards[4];
  for (int kill = 0; kill < kills; ++kill) {
    test::souk_server souk{dir.path, port, mail};
    if (kill == 0) {
      demo = souk.demo;
      token = souk.admin()->token; // the signing key outlives each run
      for (auto& b : boards)
        b = std::make_unique<board_watcher>(port, token);
    }
    test::shoppers load{port, demo, shopper_count};
    support_staff staff{port, demo, token, 16};
    std::this_thread::sleep_for(1500ms + 100ms * kill);
    auto postmaster = souk.postmaster();
    souk.proc->signal(SIGKILL);
    if (kill % 2 == 1) // its database too: a stale postmaster.pid is left
      ::kill(postmaster, SIGKILL);
    ASSERT_TRUE(souk.proc->wait(10s));
    load.finish();
    staff.finish();
    auto placed = load.orders();
    orders.insert(orders.end(), placed.begin(), placed.end());
    auto written = staff.notes();
    notes.insert(notes.end(), written.begin(), written.end());
    std::cout << "kill " << kill + 1 << ": " << placed.size() << " orders, "
              << written.size() << " notes; answers "
              << test::describe(load.statuses()) << std::endl;
  }
  ASSERT_GT(orders.size(), static_cast<size_t>(kills))
    << "too little got through to prove anything";
  // The last start: everything left unfinished finishes.
  test::souk_server souk{dir.path, port, mail};
  auto admin = souk.admin();
  auto ended = [&](const std::string& id) {
    std::string state;
    for (int i = 0; i < 600; ++i) {
      auto [s, b] = admin->call(verb::get, "/admin/workflows/executions/" + id);
      state = test::text(b["workflow_execution"]["state"]);
      if (state == "completed" || state == "failed")
        break;
      std::this_thread::sleep_for(100ms);
    }
    return state;
  };
  std::set<std::string> acked;
  for (auto& o : orders) {
    EXPECT_TRUE(acked.insert(o.order_id).second)
      << "order twice " << o.order_id;
    EXPECT_EQ(admin->call(verb::get, "/admin/orders/" + o.order_id).first,
              http::status::ok)
      << "acknowledged order lost: " << o.order_id;
    EXPECT_EQ(ended("create-tickets:" + o.order_id), "completed") << o.order_id;
    EXPECT_EQ(ended("order-confirmation:order-" + o.order_id), "completed")
      << o.order_id;
  }
  // One ticket per order (each has one item), for every order there is.
  auto tickets = all_tickets(*admin);
  std::map<std::string, int> per_order;
  for (auto& [id, t] : tickets)
    ++per_order[t.first];
  for (auto& id : acked)
    EXPECT_EQ(per_order[id], 1) << "tickets of " << id;
  for (auto& [order, n] : per_order)
    EXPECT_EQ(n, 1) << "tickets of " << order;
  // Each note once: the acknowledged ones exactly once, no other twice.
  std::map<std::string, int> note_count;
  std::map<std::string, std::string> ticket_of_note;
  for (auto& [ticket, text] : notes)
    ticket_of_note[text] = ticket;
  std::set<std::string> touched;
  for (auto& [ticket, _] : notes)
    touched.insert(ticket);
  for (auto& id : touched) {
    auto [s, t] = admin->call(verb::get, "/admin/tickets/" + id);
    ASSERT_EQ(s, http::status::ok);
    for (auto n : t["ticket"]["notes"].get_array())
      ++note_count[test::text(n["text"])];
  }
  for (auto& [text, ticket] : ticket_of_note)
    EXPECT_EQ(note_count[text], 1) << text << " on " << ticket;
  for (auto& [text, n] : note_count)
    EXPECT_LE(n, 1) << text;
  // One confirmation per acknowledged order, and no e-mail sent twice.
  std::map<std::string, int> mails;
  for (int i = 0; i < 300; ++i) {
    mails.clear();
    for (auto& m : smtp.messages())
      ++mails[m.message_id];
    bool all = true;
    for (auto& id : acked)
      all = all
            && mails.count(
              "<" + notifications::notification_id("order.placed:" + id)
              + "@souk.test>");
    if (all)
      break;
    std::this_thread::sleep_for(100ms);
  }
  for (auto& id : acked)
    EXPECT_EQ(mails["<" + notifications::notification_id("order.placed:" + id)
                    + "@souk.test>"],
              1)
      << "confirmation of " << id;
  for (auto& [id, n] : mails)
    EXPECT_EQ(n, 1) << "e-mail " << id << " sent " << n << " times";
  // Every board caught up with every ticket's last version.
  for (auto& b : boards) {
    std::map<std::string, std::int64_t> seen;
    for (int i = 0; i < 200; ++i) {
      seen = b->versions();
      bool caught_up = true;
      for (auto& [id, t] : tickets)
        caught_up = caught_up && seen[id] >= t.second;
      if (caught_up)
        break;
      std::this_thread::sleep_for(100ms);
    }
    b->finish();
    int behind = 0;
    for (auto& [id, t] : tickets)
      behind += seen[id] != t.second;
    EXPECT_EQ(behind, 0) << "tickets a board did not see at their version, of "
                         << tickets.size();
    EXPECT_EQ(b->out_of_order(), 0) << "changes seen twice or out of order";
    EXPECT_GE(b->reconnects(), kills);
  }
  std::cout << kills << " kills: " << orders.size() << " orders, "
            << tickets.size() << " tickets, " << notes.size() << " notes, "
            << mails.size() << " e-mails" << std::endl;
}

} // namespace
} // namespace souk
