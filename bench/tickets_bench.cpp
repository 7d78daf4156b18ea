// bench/tickets: the tickets module over real HTTP on loopback, in one run.
//
//  (a) seeding: `open_ticket` sent straight to the ticket entities (256 in
//      flight, no checkout), opens/s, then the time until the ticket-list
//      projection shows them all (GET /admin/tickets count)
//  (b) GET /admin/tickets (the board, limit 50) at 32 connections with
//      1,000 stored tickets: req/s, p50/p99
//  (c) POST /admin/tickets/:id/status at 64 agents, each on its own
//      keep-alive connection with the admin's token, each moving its own
//      tickets between brief_received and designing_artwork (no version):
//      moves/s, p50/p99, failures; then the time until the background work
//      the moves caused (the ticket-mail workflow per move, the ticket-list
//      projection) is done
//  (c') the same moves sent to the entities without HTTP (64 in flight),
//      to split a move's cost between HTTP and the entity's append
//  (d) seeding up to 100,000 tickets, and the board again
//  (e) the ceiling: a minimal Beast server on the same stack answering
//      "hello", 32 connections, as in bench/storefront
//  (f) where the time goes: a board request's queries timed from a client
//      connection and EXPLAIN ANALYZE of its page query; one board request
//      and one move at a time, each beside the same work without HTTP,
//      with the CPU this process and PostgreSQL spent per call
//
// Every write is durably committed (fsync on). The load generator runs in
// this process on the same two cores as the server and PostgreSQL; each
// phase also reports how the CPU of the machine was shared.
//
// Usage: tickets_bench [seconds per phase, default 5]
// `SOUK_BENCH_TICKETS=20000` stores that many instead of 100,000 in (d)
// (a quick try of the bench itself).
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <pqxx/pqxx>
#include <simdjson.h>

#include "actors/runtime/units.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "actors/ticket/ticket_views.hpp"
#include "bench/bench_support.hpp"
#include "http/http_server.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server_app.hpp"
#include "persistence/postgres.hpp"
#include "persistence/ticket_list.hpp"
#include "tests/support/http_client.hpp"

using namespace souk;
using clock_type = std::chrono::steady_clock;
using http::verb;

namespace {

constexpr int move_agents = 64;
constexpr int board_connections = 32;
constexpr int seed_in_flight = 256;
const std::string board_target = "/admin/tickets?limit=50";

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0)
    .count();
}

double s_since(clock_type::time_point t0) {
  return ms_since(t0) / 1000;
}

// -- where the CPU goes --

// utime + stime of /proc/<what>/stat, in clock ticks (0 when gone).
long long proc_ticks(const std::string& what) {
  std::ifstream in{"/proc/" + what + "/stat"};
  std::string line;
  if (!std::getline(in, line))
    return 0;
  auto close = line.rfind(')');
  if (close == std::string::npos)
    return 0;
  std::istringstream rest{line.substr(close + 2)};
  std::string field;
  long long utime = 0, stime = 0;
  // Fields from the state (3rd) on: utime is the 14th, stime the 15th.
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14)
      utime = std::atoll(field.c_str());
    if (i == 15)
      stime = std::atoll(field.c_str());
  }
  return utime + stime;
}

// Busy clock ticks of the whole machine (all cores).
long long machine_busy_ticks() {
  std::ifstream in{"/proc/stat"};
  std::string cpu;
  in >> cpu;
  long long v, total = 0, idle = 0;
  for (int i = 0; i < 8 && in >> v; ++i) {
    total += v;
    if (i == 3 || i == 4) // idle, iowait
      idle += v;
  }
  return total - idle;
}

// The machine's CPU over one phase: this process (server and load
// generator), the generator's threads alone, the cluster's backends, and
// everything else (other users of the machine included).
class cpu_meter {
public:
  explicit cpu_meter(const std::string& conninfo) {
    pqxx::connection c{conninfo};
    pqxx::nontransaction tx{c};
    for (auto r : tx.exec("SELECT pid FROM pg_stat_activity"))
      pg_pids_.push_back(r[0].as<std::string>());
    start_ = clock_type::now();
    machine0_ = machine_busy_ticks();
    self0_ = proc_ticks("self");
    pg0_ = pg_ticks();
  }

  /// Ticks the load generator's threads spent (each adds its own).
  std::atomic<long long> generator{0};

  /// Adds the calling thread's ticks to `generator` (at its end).
  void count_this_thread() { generator += proc_ticks("thread-self"); }

  /// CPU ms of this process and of the cluster's backends so far.
  std::pair<double, double> used_ms() const {
    double ms_per_tick = 1000.0 / double(sysconf(_SC_CLK_TCK));
    return {double(proc_ticks("self") - self0_) * ms_per_tick,
            double(pg_ticks() - pg0_) * ms_per_tick};
  }

  std::string report() const {
    double cores_ticks = s_since(start_) * double(sysconf(_SC_CLK_TCK))
                         * double(std::thread::hardware_concurrency());
    auto pct
      = [&](long long ticks) { return 100.0 * double(ticks) / cores_ticks; };
    auto machine = machine_busy_ticks() - machine0_;
    auto self = proc_ticks("self") - self0_;
    auto pg = pg_ticks() - pg0_;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "CPU of %u cores: machine %.0f%% = souk %.0f%% + load "
                  "generator %.0f%% + PostgreSQL %.0f%% + rest %.0f%%",
                  std::thread::hardware_concurrency(), pct(machine),
                  pct(self - generator), pct(generator), pct(pg),
                  pct(machine - self - pg));
    return buf;
  }

private:
  long long pg_ticks() const {
    long long sum = 0;
    for (auto& pid : pg_pids_)
      sum += proc_ticks(pid);
    return sum;
  }

  std::vector<std::string> pg_pids_;
  clock_type::time_point start_;
  long long machine0_ = 0, self0_ = 0, pg0_ = 0;
};

// -- seeding --

// The tickets of the run: seeded in order, ticket k of "order_bench_<k>".
struct bench_tickets {
  std::vector<std::string> ids;
};

ticket::ticket_opened opened_for(std::int64_t k) {
  ticket::ticket_opened d;
  d.order_id = "order_bench_" + std::to_string(k);
  d.order_display_id = 100000 + k;
  d.number = 1;
  d.line_item_id = "item_bench_" + std::to_string(k);
  d.customer_id = "cus_bench_" + std::to_string(k % 500);
  d.customer_email = "shopper-" + std::to_string(k % 500) + "@example.com";
  d.product_title = "Bench tee";
  d.variant_title = "L / Black";
  d.quantity = 250;
  d.brief.text = "Our logo, front and back, two colours";
  d.by = "subscriber:create-tickets";
  d.at = now_ms();
  return d;
}

// Opens tickets until there are `total`, `seed_in_flight` asks at a time;
// opens/s, or a negative number when one failed.
double seed(const entity_ref<ticket::ticket_domain>& tickets,
            bench_tickets& run, std::size_t total) {
  std::mutex mtx;
  std::condition_variable cv;
  int in_flight = 0;
  long failed = 0;
  std::string first_error;
  auto start = clock_type::now();
  auto from = run.ids.size();
  for (auto k = static_cast<std::int64_t>(from);
       k < static_cast<std::int64_t>(total); ++k) {
    auto d = opened_for(k);
    auto id = ticket::ticket_id_for(d.order_id, d.line_item_id);
    run.ids.push_back(id);
    {
      std::unique_lock lock{mtx};
      cv.wait(lock, [&] { return in_flight < seed_in_flight; });
      ++in_flight;
    }
    tickets.ask(id, ticket::open_ticket{std::move(d)},
                [&](const entity_reply<ticket::ticket_domain>& r) {
                  std::lock_guard lock{mtx};
                  --in_flight;
                  if (!r && failed++ == 0)
                    first_error = r.error().message;
                  cv.notify_all();
                });
  }
  std::unique_lock lock{mtx};
  cv.wait(lock, [&] { return in_flight == 0; });
  auto rate = double(total - from) / s_since(start);
  if (failed) {
    std::fprintf(stderr, "seeding: %ld opens failed, first: %s\n", failed,
                 first_error.c_str());
    return -rate;
  }
  return rate;
}

// -- HTTP --

std::string sign_in(std::uint16_t port, const demo_store& demo) {
  test::http_client c{"127.0.0.1", port};
  auto res = c.request(verb::post, "/auth/user/emailpass",
                       R"({"email":")" + demo.admin_email + R"(","password":")"
                         + demo.admin_password + R"("})");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view token;
  if (res.result() != http::status::ok || parser.parse(res.body()).get(doc)
      || doc["token"].get(token))
    return {};
  return std::string{token};
}

// Sends the admin's token with every request of `c`.
void as_admin(test::http_client& c, const std::string& token) {
  c.set_header("authorization", "Bearer " + token);
}

// The board's `count` and rows on the page, or {-1, -1}.
std::pair<std::int64_t, std::size_t> board_count(test::http_client& c,
                                                 const std::string& target) {
  auto res = c.request(verb::get, target);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::int64_t count = -1;
  simdjson::dom::array rows;
  if (res.result() != http::status::ok || parser.parse(res.body()).get(doc)
      || doc["count"].get(count) || doc["tickets"].get(rows))
    return {-1, 0};
  return {count, rows.size()};
}

// Polls the board until it counts `total` tickets (the projection has
// caught up), at most `limit`; seconds waited, or a negative number.
double wait_for_board(std::uint16_t port, const std::string& token,
                      std::size_t total, std::chrono::seconds limit) {
  test::http_client c{"127.0.0.1", port};
  as_admin(c, token);
  auto start = clock_type::now();
  while (clock_type::now() - start < limit) {
    if (board_count(c, "/admin/tickets?limit=1").first
        == static_cast<std::int64_t>(total))
      return s_since(start);
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  return -1;
}

struct rate_result {
  double per_s = 0, p50 = 0, p99 = 0;
  long failed = 0;
  std::string cpu;
};

rate_result get_phase(std::uint16_t port, const std::string& target,
                      const std::string& token, int connections, double seconds,
                      const std::string& conninfo) {
  std::atomic<bool> stop{false};
  std::atomic<long> count{0}, failed{0};
  std::mutex mtx;
  std::vector<double> lat;
  std::vector<std::thread> pool;
  cpu_meter cpu{conninfo};
  auto start = clock_type::now();
  for (int i = 0; i < connections; ++i)
    pool.emplace_back([&] {
      test::http_client c{"127.0.0.1", port};
      if (!token.empty())
        as_admin(c, token);
      std::vector<double> mine;
      while (!stop) {
        auto t0 = clock_type::now();
        auto res = c.request(verb::get, target);
        mine.push_back(ms_since(t0));
        if (res.result() == http::status::ok)
          ++count;
        else
          ++failed;
      }
      cpu.count_this_thread();
      std::lock_guard guard{mtx};
      lat.insert(lat.end(), mine.begin(), mine.end());
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  return {double(count) / s_since(start), bench::percentile(lat, 0.5),
          bench::percentile(lat, 0.99), failed.load(), cpu.report()};
}

// -- moves --

// One agent's tickets and where each is (true: designing_artwork).
struct agent_tickets {
  std::vector<std::string> ids;
  std::vector<bool> designing;
  std::size_t next = 0;

  // The next ticket to move and its move; advances.
  std::pair<std::size_t, ticket::ticket_status> take() {
    auto i = next++ % ids.size();
    return {i, designing[i] ? ticket::ticket_status::brief_received
                            : ticket::ticket_status::designing_artwork};
  }
};

std::vector<agent_tickets> split(const bench_tickets& run, int agents) {
  std::vector<agent_tickets> out(static_cast<std::size_t>(agents));
  auto per = run.ids.size() / static_cast<std::size_t>(agents);
  for (std::size_t a = 0; a < out.size(); ++a) {
    out[a].ids.assign(run.ids.begin() + long(a * per),
                      run.ids.begin() + long((a + 1) * per));
    out[a].designing.assign(per, false);
  }
  return out;
}

std::string status_body(ticket::ticket_status to) {
  return to == ticket::ticket_status::designing_artwork
           ? R"({"status":"designing_artwork"})"
           : R"({"status":"brief_received","reason":"bench: back again"})";
}

rate_result http_moves(std::uint16_t port, const std::string& token,
                       std::vector<agent_tickets>& agents, double seconds,
                       const std::string& conninfo) {
  std::atomic<bool> stop{false};
  std::atomic<long> moves{0}, failed{0};
  std::mutex mtx;
  std::vector<double> lat;
  std::vector<std::thread> pool;
  cpu_meter cpu{conninfo};
  auto start = clock_type::now();
  for (auto& agent : agents)
    pool.emplace_back([&, &me = agent] {
      test::http_client c{"127.0.0.1", port};
      as_admin(c, token);
      simdjson::dom::parser parser;
      std::vector<double> mine;
      while (!stop) {
        auto [i, to] = me.take();
        auto t0 = clock_type::now();
        auto res
          = c.request(verb::post, "/admin/tickets/" + me.ids[i] + "/status",
                      status_body(to));
        mine.push_back(ms_since(t0));
        if (res.result() == http::status::ok) {
          ++moves;
          me.designing[i] = to == ticket::ticket_status::designing_artwork;
          continue;
        }
        ++failed;
        // Where is it, then?
        auto now = c.request(verb::get, "/admin/tickets/" + me.ids[i]);
        simdjson::dom::element doc;
        std::string_view status;
        if (!parser.parse(now.body()).get(doc)
            && !doc["ticket"]["status"].get(status))
          me.designing[i] = status == "designing_artwork";
      }
      cpu.count_this_thread();
      std::lock_guard guard{mtx};
      lat.insert(lat.end(), mine.begin(), mine.end());
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool)
    t.join();
  return {double(moves) / s_since(start), bench::percentile(lat, 0.5),
          bench::percentile(lat, 0.99), failed.load(), cpu.report()};
}

// The same moves as commands to the entities, `agents.size()` in flight:
// each answer sends that agent's next move (on a CAF thread, no blocking).
class direct_moves {
public:
  direct_moves(const entity_ref<ticket::ticket_domain>& tickets,
               std::vector<agent_tickets>& agents)
    : tickets_(tickets), agents_(agents) {
    // nop
  }

  rate_result run(double seconds, const std::string& conninfo) {
    cpu_meter cpu{conninfo};
    auto start = clock_type::now();
    active_ = static_cast<int>(agents_.size());
    lat_.resize(agents_.size());
    for (std::size_t a = 0; a < agents_.size(); ++a)
      send(a);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop_ = true;
    auto elapsed = s_since(start);
    std::unique_lock lock{mtx_};
    cv_.wait(lock, [&] { return active_ == 0; });
    std::vector<double> lat;
    for (auto& mine : lat_)
      lat.insert(lat.end(), mine.begin(), mine.end());
    return {double(moves_) / elapsed, bench::percentile(lat, 0.5),
            bench::percentile(lat, 0.99), failed_.load(), cpu.report()};
  }

private:
  void send(std::size_t a) {
    if (stop_) {
      std::lock_guard lock{mtx_};
      --active_;
      cv_.notify_all();
      return;
    }
    auto& me = agents_[a];
    auto [i, to] = me.take();
    ticket::move_ticket cmd{
      to,
      to == ticket::ticket_status::brief_received ? "bench: back again" : "",
      "user:bench", now_ms(), std::nullopt};
    auto t0 = clock_type::now();
    tickets_.ask(me.ids[i], std::move(cmd),
                 [this, a, i = i, to = to,
                  t0](const entity_reply<ticket::ticket_domain>& r) {
                   lat_[a].push_back(ms_since(t0));
                   auto& me = agents_[a];
                   if (r) {
                     ++moves_;
                     me.designing[i]
                       = to == ticket::ticket_status::designing_artwork;
                   } else {
                     ++failed_;
                     resync(a, i);
                     return;
                   }
                   send(a);
                 });
  }

  // After a refused move: reads where the ticket is, then goes on.
  void resync(std::size_t a, std::size_t i) {
    tickets_.ask(agents_[a].ids[i], ticket::get_ticket{},
                 [this, a, i](const entity_reply<ticket::ticket_domain>& r) {
                   if (r)
                     agents_[a].designing[i]
                       = r->status == ticket::ticket_status::designing_artwork;
                   send(a);
                 });
  }

  const entity_ref<ticket::ticket_domain>& tickets_;
  std::vector<agent_tickets>& agents_;
  std::vector<std::vector<double>> lat_;
  std::atomic<bool> stop_{false};
  std::atomic<long> moves_{0}, failed_{0};
  std::mutex mtx_;
  std::condition_variable cv_;
  int active_ = 0;
};

// -- the background work --

struct backlog {
  std::int64_t head = 0;
  std::int64_t started = 0, completed = 0, failed = 0;
  std::int64_t list_at = 0, last_ticket_event = 0;
  std::int64_t notifications = 0;
};

backlog read_backlog(pqxx::connection& c) {
  pqxx::nontransaction tx{c};
  backlog b;
  b.head = tx.exec1("SELECT coalesce(max(position), 0) FROM events")[0]
             .as<std::int64_t>();
  auto w = tx.exec1(
    "SELECT started, completed, failed FROM workflow_execution_counts");
  b.started = w[0].as<std::int64_t>();
  b.completed = w[1].as<std::int64_t>();
  b.failed = w[2].as<std::int64_t>();
  auto list = tx.exec(
    "SELECT position FROM subscriber_checkpoints WHERE name = 'ticket-list'");
  b.list_at = list.empty() ? 0 : list[0][0].as<std::int64_t>();
  b.last_ticket_event = tx.exec1("SELECT coalesce(max(position), 0) FROM events"
                                 " WHERE stream_id LIKE 'ticket-%'")[0]
                          .as<std::int64_t>();
  b.notifications
    = tx.exec1("SELECT count(*) FROM notifications")[0].as<std::int64_t>();
  return b;
}

// How long the background work of a phase went on after it.
struct drain_times {
  /// Until the ticket list had every ticket event.
  double list_s = -1;
  /// Until every workflow started had ended and nothing was appended for a
  /// second (-1: not within the limit).
  double all_s = -1;
  std::string cpu;
};

drain_times wait_for_quiet(pqxx::connection& c, std::chrono::seconds limit,
                           backlog& end, const std::string& conninfo) {
  drain_times out;
  cpu_meter cpu{conninfo};
  auto start = clock_type::now();
  std::int64_t last_head = -1;
  auto same_since = clock_type::now();
  while (clock_type::now() - start < limit) {
    end = read_backlog(c);
    if (out.list_s < 0 && end.list_at >= end.last_ticket_event)
      out.list_s = s_since(start);
    if (end.head != last_head) {
      last_head = end.head;
      same_since = clock_type::now();
    }
    if (end.started == end.completed + end.failed && out.list_s >= 0
        && clock_type::now() - same_since >= std::chrono::seconds{1}) {
      out.all_s = std::chrono::duration<double>(same_since - start).count();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  }
  out.cpu = cpu.report();
  return out;
}

void print_moves(const char* what, const rate_result& r, const backlog& before,
                 const backlog& at_end, const backlog& quiet,
                 const drain_times& drain, double moves_total, double phase_s) {
  std::printf("| %s | %.0f | %.2f | %.2f | %ld |\n", what, r.per_s, r.p50,
              r.p99, r.failed);
  auto events = double(at_end.head - before.head);
  auto later = double(quiet.head - at_end.head);
  auto per_move
    = [&](double n) { return moves_total > 0 ? n / moves_total : 0.0; };
  std::printf(
    "\nduring the phase: %s; %lld mail workflows started, %lld ended (%lld "
    "failed); %.0f events appended (%.2f per move)\n\nafter it: the ticket "
    "list caught up %.1f s later, the last mail workflow ended %.1f s later; "
    "%.0f more events (%.2f per move), %lld notifications in the table; "
    "%s\n\nmoves / (phase + the time their background work went on): "
    "%.0f moves/s\n\n",
    r.cpu.c_str(), (long long)(at_end.started - before.started),
    (long long)(at_end.completed + at_end.failed - before.completed
                - before.failed),
    (long long)(at_end.failed - before.failed), events, per_move(events),
    drain.list_s, drain.all_s, later, per_move(later),
    (long long)quiet.notifications, drain.cpu.c_str(),
    drain.all_s >= 0 ? moves_total / (phase_s + drain.all_s) : 0.0);
}

// -- a board request, query by query --

// Median ms of `n` runs of `sql` with the board's parameters (all NULL but
// the page).
double median_ms(pqxx::connection& c, const std::string& sql, int n,
                 bool page_params) {
  std::vector<double> ms;
  std::optional<std::string> none;
  for (int i = 0; i < n; ++i) {
    pqxx::nontransaction tx{c};
    auto t0 = clock_type::now();
    if (page_params)
      tx.exec_params(sql, none, none, none, none, false, none, 50, 0);
    else
      tx.exec(sql);
    ms.push_back(ms_since(t0));
  }
  return bench::percentile(ms, 0.5);
}

// The board's page query as pg_ticket_list.cpp sends it without filters.
const std::string page_sql
  = "SELECT id, order_id, order_display_id, number, line_item_id,"
    " product_title, variant_title, quantity, customer_id, customer_email,"
    " status, assignee_id, brief_empty, latest_proof, last_public_note,"
    " version, (extract(epoch from created_at) * 1000)::bigint,"
    " (extract(epoch from updated_at) * 1000)::bigint,"
    " (extract(epoch from status_changed_at) * 1000)::bigint"
    " FROM ticket_list WHERE ($1::text IS NULL OR order_id = $1)"
    " AND ($2::text IS NULL OR customer_id = $2)"
    " AND ($3::text IS NULL OR assignee_id = $3)"
    " AND ($4::text IS NULL OR display_id ILIKE $4"
    " OR product_title ILIKE $4 OR variant_title ILIKE $4"
    " OR customer_email ILIKE $4)"
    " AND (NOT $5::boolean OR waiting_on_support)"
    " AND ($6::text IS NULL OR status = $6)"
    " ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8";

void explain_board(const std::string& conninfo, std::size_t tickets) {
  pqxx::connection c{conninfo};
  auto head
    = median_ms(c, "SELECT coalesce(max(position), 0) FROM events", 200, false);
  auto counts = median_ms(c, "SELECT status, count FROM ticket_status_counts",
                          200, false);
  auto page = median_ms(c, page_sql, 200, true);
  std::printf("#### a board request's queries at %zu tickets (median of 200, "
              "from a client connection)\n\n| query | ms |\n|---|---:|\n"
              "| feed head: max(position) FROM events | %.3f |\n"
              "| counts: ticket_status_counts | %.3f |\n"
              "| page: 50 rows, ORDER BY created_at DESC, id DESC | %.3f |\n\n",
              tickets, head, counts, page);
  pqxx::nontransaction tx{c};
  std::optional<std::string> none;
  auto plan = tx.exec_params("EXPLAIN (ANALYZE, BUFFERS) " + page_sql, none,
                             none, none, none, false, none, 50, 0);
  std::printf("EXPLAIN (ANALYZE, BUFFERS) of the page query:\n\n```\n");
  for (auto r : plan)
    std::printf("%s\n", r[0].c_str());
  std::printf("```\n\n");
}

// -- one at a time --

struct alone_row {
  std::string what;
  double p50 = 0, p99 = 0;
  double souk_cpu_ms = 0, pg_cpu_ms = 0; // per call, < 0: not measured
};

// `n` calls of `call`, one after the other: latency, and the CPU this
// process and PostgreSQL spent per call meanwhile.
template <class F>
alone_row one_at_a_time(std::string what, int n, const std::string& conninfo,
                        F call) {
  std::vector<double> ms;
  cpu_meter cpu{conninfo};
  for (int i = 0; i < n; ++i) {
    auto t0 = clock_type::now();
    call();
    ms.push_back(ms_since(t0));
  }
  auto [self, pg] = cpu.used_ms();
  return {std::move(what), bench::percentile(ms, 0.5),
          bench::percentile(ms, 0.99), self / n, pg / n};
}

void print_alone(const std::vector<alone_row>& rows) {
  std::printf("| one at a time | p50 ms | p99 ms | souk CPU ms/call | "
              "PostgreSQL CPU ms/call |\n|---|---:|---:|---:|---:|\n");
  for (auto& r : rows)
    std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", r.what.c_str(), r.p50,
                r.p99, r.souk_cpu_ms, r.pg_cpu_ms);
  std::printf("\n");
}

// What PostgreSQL did per call while `n` calls of `call` ran one after the
// other (and their background work): transactions, and per table the
// index and sequential scans and the rows written. PostgreSQL publishes a
// backend's counts within about ten seconds (PGSTAT_IDLE_INTERVAL), so
// this waits that long before each reading (the first would otherwise
// miss what ran just before it, and count it in this window).
template <class F>
void pg_work_per_call(const std::string& what, int n,
                      const std::string& conninfo, F call) {
  struct table_counts {
    double seq = 0, idx = 0, written = 0;
  };
  auto read = [&](std::map<std::string, table_counts>& tables) {
    pqxx::connection c{conninfo};
    pqxx::nontransaction tx{c};
    double xacts = tx.exec1("SELECT xact_commit + xact_rollback FROM"
                            " pg_stat_database WHERE datname ="
                            " current_database()")[0]
                     .as<double>();
    for (auto r : tx.exec("SELECT relname, seq_scan, coalesce(idx_scan, 0),"
                          " n_tup_ins + n_tup_upd + n_tup_del"
                          " FROM pg_stat_user_tables"))
      tables[r[0].as<std::string>()]
        = {r[1].as<double>(), r[2].as<double>(), r[3].as<double>()};
    return xacts;
  };
  std::map<std::string, table_counts> before, after;
  std::this_thread::sleep_for(std::chrono::seconds{11});
  auto x0 = read(before);
  for (int i = 0; i < n; ++i)
    call();
  std::this_thread::sleep_for(std::chrono::seconds{11});
  auto x1 = read(after);
  std::vector<std::pair<double, std::string>> rows;
  for (auto& [name, a] : after) {
    auto b = before[name];
    table_counts d{(a.seq - b.seq) / n, (a.idx - b.idx) / n,
                   (a.written - b.written) / n};
    if (d.seq + d.idx + d.written < 0.05)
      continue;
    char buf[200];
    std::snprintf(buf, sizeof buf, "| %s | %.2f | %.2f | %.2f |", name.c_str(),
                  d.idx, d.seq, d.written);
    rows.emplace_back(d.seq + d.idx + d.written, buf);
  }
  std::sort(rows.rbegin(), rows.rend());
  std::printf("PostgreSQL per %s (%d, one at a time, with their background "
              "work): %.2f transactions (the two readings add 2 in all)\n\n"
              "| table | index scans | seq scans | rows written |\n"
              "|---|---:|---:|---:|\n",
              what.c_str(), n, (x1 - x0) / n);
  for (auto& [_, line] : rows)
    std::printf("%s\n", line.c_str());
  std::printf("\n");
}

// A board request without queueing, beside its reads straight from the
// list's port (the same queries, no HTTP, no pool, no JSON).
void board_alone(std::uint16_t port, const std::string& token,
                 const std::string& conninfo, const bench_tickets& run) {
  auto tickets = run.ids.size();
  auto one = "/admin/tickets/" + run.ids.front();
  constexpr int n = 1000;
  test::http_client c{"127.0.0.1", port};
  as_admin(c, token);
  auto list = open_ticket_list(conninfo);
  ticket_filter board;
  std::printf("#### one board request at a time, %zu tickets (%d calls "
              "each)\n\n",
              tickets, n);
  // From the cheapest request of the server up to the board, each adding
  // a part: the router and HTTP; the admin's token and an entity ask; the
  // db pool, the three queries and one row; 49 rows more.
  print_alone(
    {one_at_a_time("GET /health (souk's router and HTTP, no auth)", n, conninfo,
                   [&] { c.request(verb::get, "/health"); }),
     one_at_a_time("GET /admin/tickets/:id (+ admin token, one entity ask)", n,
                   conninfo, [&] { c.request(verb::get, one); }),
     one_at_a_time("GET /admin/tickets?limit=1 (+ db pool, 3 queries, 1 row)",
                   n, conninfo,
                   [&] { c.request(verb::get, "/admin/tickets?limit=1"); }),
     one_at_a_time("GET /admin/tickets?limit=50 over HTTP, 1 connection", n,
                   conninfo, [&] { c.request(verb::get, board_target); }),
     one_at_a_time("ticket_list_port::feed_head() (first query of a request)",
                   n, conninfo, [&] { (void)list->feed_head(); }),
     one_at_a_time("ticket_list_port::list() (counts + 50 rows, decoded)", n,
                   conninfo, [&] { (void)list->list(board); })});
  pg_work_per_call("board request", n, conninfo,
                   [&] { c.request(verb::get, board_target); });
}

// One move at a time, over HTTP and straight to the entity (each waits
// for its answer; the mail workflow the move starts runs meanwhile).
void moves_alone(std::uint16_t port, const std::string& token,
                 const std::string& conninfo,
                 const entity_ref<ticket::ticket_domain>& tickets,
                 agent_tickets& agent) {
  constexpr int n = 300;
  test::http_client c{"127.0.0.1", port};
  as_admin(c, token);
  auto move = [&](auto send) {
    auto [i, to] = agent.take();
    if (send(agent.ids[i], to))
      agent.designing[i] = to == ticket::ticket_status::designing_artwork;
  };
  std::printf("#### one move at a time (%d moves each)\n\n", n);
  print_alone(
    {one_at_a_time("POST /admin/tickets/:id/status over HTTP", n, conninfo,
                   [&] {
                     move([&](const std::string& id, ticket::ticket_status to) {
                       return c.request(verb::post,
                                        "/admin/tickets/" + id + "/status",
                                        status_body(to))
                                .result()
                              == http::status::ok;
                     });
                   }),
     one_at_a_time(
       "move_ticket to the entity (entity_ref::call)", n, conninfo, [&] {
         move([&](const std::string& id, ticket::ticket_status to) {
           return static_cast<bool>(tickets.call(
             id, ticket::move_ticket{to,
                                     to == ticket::ticket_status::brief_received
                                       ? "bench: back again"
                                       : "",
                                     "user:bench", now_ms(), std::nullopt}));
         });
       })});
  pg_work_per_call("move over HTTP", n, conninfo, [&] {
    auto [i, to] = agent.take();
    if (c.request(verb::post, "/admin/tickets/" + agent.ids[i] + "/status",
                  status_body(to))
          .result()
        == http::status::ok)
      agent.designing[i] = to == ticket::ticket_status::designing_artwork;
  });
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  std::printf("load average before: %s\n\n", bench::loadavg().c_str());
  bench::bench_cluster cluster;
  config cfg;
  cfg.http.port = 0;
  cfg.http.threads = 2;
  auto app = server_app::start(cfg, cluster.conninfo());
  if (!app) {
    std::fprintf(stderr, "%s\n", app.error().c_str());
    return 1;
  }
  auto demo = (*app)->seed_demo();
  if (!demo) {
    std::fprintf(stderr, "%s\n", demo.error().c_str());
    return 1;
  }
  auto port = (*app)->port();
  auto token = sign_in(port, *demo);
  if (token.empty()) {
    std::fprintf(stderr, "the admin could not sign in\n");
    return 1;
  }
  auto& tickets = (*app)->svc().entities<ticket::ticket_domain>();
  pqxx::connection watch{cluster.conninfo()};
  bench_tickets run;

  // (a) + (b) at 1,000 tickets.
  auto seed_and_wait = [&](std::size_t total) {
    auto t0 = clock_type::now();
    auto rate = seed(tickets, run, total);
    auto opened_s = s_since(t0);
    auto caught_up
      = wait_for_board(port, token, total, std::chrono::minutes{10});
    std::printf("seeded to %zu tickets: %.0f opens/s (%.1f s); the board "
                "showed them all %.1f s later\n\n",
                total, rate, opened_s, caught_up);
    std::fflush(stdout);
    return rate >= 0 && caught_up >= 0; // 0: there were enough already
  };
  std::printf("### (a) seeding (open_ticket to the entities, %d in flight)\n\n",
              seed_in_flight);
  if (!seed_and_wait(1000))
    return 1;
  auto board_check = [&](std::size_t total) {
    test::http_client c{"127.0.0.1", port};
    as_admin(c, token);
    auto [count, rows] = board_count(c, board_target);
    std::printf("board check: count %lld, %zu rows on the page (want %zu, "
                "50)\n\n",
                (long long)count, rows, total);
  };
  std::printf("### (b) GET %s at %d connections\n\n", board_target.c_str(),
              board_connections);
  board_check(1000);
  auto board_1k = get_phase(port, board_target, token, board_connections,
                            seconds, cluster.conninfo());
  std::printf("| tickets | req/s | p50 ms | p99 ms | failed |\n"
              "|---:|---:|---:|---:|---:|\n| 1,000 | %.0f | %.2f | %.2f | "
              "%ld |\n\n%s\n\n",
              board_1k.per_s, board_1k.p50, board_1k.p99, board_1k.failed,
              board_1k.cpu.c_str());
  std::fflush(stdout);
  explain_board(cluster.conninfo(), 1000);
  board_alone(port, token, cluster.conninfo(), run);

  // (c) moves over HTTP, (c') the same without HTTP.
  auto agents = split(run, move_agents);
  std::printf("### (c) moves, %d agents (%zu tickets each), "
              "brief_received <-> designing_artwork\n\n| moves | moves/s | "
              "p50 ms | p99 ms | failed |\n|---|---:|---:|---:|---:|\n",
              move_agents, agents[0].ids.size());
  auto before = read_backlog(watch);
  auto t0 = clock_type::now();
  auto moved = http_moves(port, token, agents, seconds, cluster.conninfo());
  auto moved_s = s_since(t0);
  auto at_end = read_backlog(watch);
  backlog quiet;
  auto drain = wait_for_quiet(watch, std::chrono::minutes{10}, quiet,
                              cluster.conninfo());
  print_moves("HTTP POST /admin/tickets/:id/status, 64 connections", moved,
              before, at_end, quiet, drain, moved.per_s * moved_s, moved_s);
  std::fflush(stdout);

  std::printf("| moves | moves/s | p50 ms | p99 ms | failed |\n"
              "|---|---:|---:|---:|---:|\n");
  before = read_backlog(watch);
  t0 = clock_type::now();
  auto direct = direct_moves{tickets, agents}.run(seconds, cluster.conninfo());
  moved_s = s_since(t0);
  at_end = read_backlog(watch);
  drain = wait_for_quiet(watch, std::chrono::minutes{10}, quiet,
                         cluster.conninfo());
  print_moves("(c') move_ticket to the entities, no HTTP, 64 in flight", direct,
              before, at_end, quiet, drain, direct.per_s * moved_s, moved_s);
  moves_alone(port, token, cluster.conninfo(), tickets, agents[0]);
  drain = wait_for_quiet(watch, std::chrono::minutes{10}, quiet,
                         cluster.conninfo());
  std::printf("(their background work was done %.1f s later)\n\n", drain.all_s);
  std::fflush(stdout);

  // (d) the board at 100,000 tickets.
  std::size_t many = 100000;
  if (auto n = std::getenv("SOUK_BENCH_TICKETS"))
    many = static_cast<std::size_t>(std::atol(n));
  std::printf("### (d) seeding to %zu, then the board again\n\n", many);
  if (!seed_and_wait(many))
    return 1;
  // The seeded entities stop two minutes after their last command
  // (entity_options::idle_timeout), all at once: that is the seeding's
  // after-effect, not the board's cost, so it is waited out first.
  {
    using namespace std::chrono_literals;
    auto t0 = clock_type::now();
    auto first = tickets.resident(5s), now = first;
    while (clock_type::now() - t0 < 5min
           && (now < 0 || now > std::int64_t(many / 100))) {
      std::this_thread::sleep_for(2s);
      now = tickets.resident(5s);
    }
    std::printf("waited %.0f s for the idle ticket entities to stop "
                "(%lld resident, then %lld)\n\n",
                s_since(t0), (long long)first, (long long)now);
  }
  board_check(many);
  auto board_100k = get_phase(port, board_target, token, board_connections,
                              seconds, cluster.conninfo());
  std::printf("| tickets | req/s | p50 ms | p99 ms | failed |\n"
              "|---:|---:|---:|---:|---:|\n| %zu | %.0f | %.2f | %.2f | "
              "%ld |\n\n%s\n\n",
              many, board_100k.per_s, board_100k.p50, board_100k.p99,
              board_100k.failed, board_100k.cpu.c_str());
  std::fflush(stdout);

  // (e) The ceiling: the same server stack with a handler that says hello.
  router hello_routes;
  hello_routes.add_sync(
    verb::get, "/hello", access::anyone(), "hello", [](request&) {
      return json_response(http::status::ok, R"({"hello":"world"})");
    });
  http_server hello{{"127.0.0.1", 0, 2, {}, std::chrono::seconds{30}, {}},
                    std::move(hello_routes)};
  auto ceiling = get_phase(hello.port(), "/hello", "", board_connections,
                           seconds, cluster.conninfo());
  std::printf("### (e) the ceiling: minimal Beast server, same stack, hello, "
              "%d connections\n\n| server | req/s | p50 ms | p99 ms |\n"
              "|---|---:|---:|---:|\n| hello | %.0f | %.2f | %.2f |\n\n%s\n\n",
              board_connections, ceiling.per_s, ceiling.p50, ceiling.p99,
              ceiling.cpu.c_str());

  auto hit = [](bool ok) { return ok ? "hit" : "miss"; };
  auto r1k = board_1k.per_s / ceiling.per_s;
  auto r100k = board_100k.per_s / ceiling.per_s;
  auto flat = board_100k.per_s / board_1k.per_s;
  std::printf("### ratios (same run)\n\n| ratio | value | target | |\n"
              "|---|---:|---:|---|\n"
              "| moves/s over HTTP | %.0f | >= 5,000 | %s |\n"
              "| board / hello at 1,000 | %.2f | >= 0.50 | %s |\n"
              "| board / hello at 100,000 | %.2f | >= 0.50 | %s |\n"
              "| board 100,000 / 1,000 | %.2f | 0.90..1.10 | %s |\n"
              "| moves HTTP / no HTTP | %.2f | | |\n\n",
              moved.per_s, hit(moved.per_s >= 5000), r1k, hit(r1k >= 0.5),
              r100k, hit(r100k >= 0.5), flat, hit(flat >= 0.9 && flat <= 1.1),
              moved.per_s / direct.per_s);
  std::fflush(stdout);

  // (f) where a board request's time goes, at 100,000.
  explain_board(cluster.conninfo(), many);
  board_alone(port, token, cluster.conninfo(), run);
  app->reset();
  std::printf("load average after: %s\n", bench::loadavg().c_str());
  return 0;
}
