// bench/actor_runtime: the entity runtime's costs, in one run.
//
//  1. resident memory per idle ticket actor (brief + 3 notes) at 100,000 and
//     1,000,000 actors, beside a bare CAF actor with a 96-byte state
//  2. rehydration time of one ticket with 1,000 events, with and without a
//     snapshot (real PostgreSQL)
//  3. commands/s through one entity and across 10,000 entities at 64
//     commands in flight, each durably committed, beside the raw baseline
//     (one INSERT per transaction, 64 connections) — real PostgreSQL
//
// Usage: actor_runtime_bench [max actors, default 1000000] [seconds, 5]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <random>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <caf/all.hpp>
#include <pqxx/pqxx>

#include "actors/runtime/uuid.hpp"
#include "actors/ticket/ticket_entity.hpp"
#include "bench/bench_support.hpp"
#include "persistence/embedded_postgres.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/migrations.hpp"
#include "persistence/pg_event_store.hpp"

using namespace souk;
using souk::bench::loadavg;
using souk::bench::percentile;
using souk::bench::raw_baseline;
using namespace std::chrono_literals;
using ticket::ticket_domain;
using clock_type = std::chrono::steady_clock;
using reply = entity_reply<ticket_domain>;

namespace {

// "e42": appends rather than prepends (GCC 12 warns falsely, -Wrestrict,
// on `"e" + std::to_string(n)` when inlined).
std::string id(char prefix, std::size_t n) {
  std::string out(1, prefix);
  out += std::to_string(n);
  return out;
}

std::size_t rss_bytes() {
  std::ifstream in{"/proc/self/statm"};
  std::size_t pages = 0;
  std::size_t resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// A typical ticket, as the create-tickets workflow opens it.
ticket::ticket_opened typical_opened() {
  ticket::ticket_opened opened;
  opened.order_id = "order_01HZX3";
  opened.order_display_id = 1042;
  opened.number = 1;
  opened.line_item_id = "line_01HZX4";
  opened.customer_id = "cus_01HZX5";
  opened.product_title = "Pizza box";
  opened.variant_title = "30 cm";
  opened.quantity = 500;
  opened.brief.text = "Two-colour logo on the lid, kraft board";
  opened.by = "system";
  opened.at = 1700000000000;
  return opened;
}

// A typical ticket's stream: opened with a brief, three notes.
std::vector<recorded_event> typical_ticket(const std::string& stream) {
  std::vector<ticket::ticket_event> events{
    typical_opened(),
    ticket::note_added{"n1", "Proof v1 attached", false, "user:ada", 1},
    ticket::note_added{"n2", "Please make the logo larger", false,
                       "customer:cus_01HZX5", 2},
    ticket::note_added{"n3", "Proof v2 attached", false, "user:ada", 3}};
  std::vector<recorded_event> out;
  for (size_t i = 0; i < events.size(); ++i) {
    auto ev = ticket::encode(events[i]);
    recorded_event r;
    r.stream_id = stream;
    r.version = static_cast<std::int64_t>(i + 1);
    r.type = ev.type;
    r.data = ev.data;
    out.push_back(std::move(r));
  }
  return out;
}

// Serves every ticket the same typical stream from memory: phase 1 measures
// the actors, not the database.
class memory_reader : public stream_reader {
public:
  read_result read_stream(const std::string& stream, std::int64_t) override {
    return typical_ticket(stream);
  }
  snapshot_result load_latest_snapshot(const std::string&) override {
    return std::optional<snapshot>{};
  }
  expected<bool, store_error> save_snapshot(const snapshot&) override {
    return true;
  }
};

struct bare_state {
  char payload[96] = {};
};

caf::behavior bare_actor(caf::stateful_actor<bare_state>* self) {
  return {[self](int x) { return x + self->state.payload[0]; }};
}

// Asks every actor once, `window` requests at a time, from an event-based
// collector (not a blocking scoped_actor), and waits until all answered.
// Returns how many answered.
std::size_t touch_all(caf::actor_system& sys,
                      const std::vector<caf::actor>& actors,
                      const ticket::ticket_command& cmd) {
  struct collector_state {
    std::size_t next = 0;
    std::size_t answered = 0;
    std::size_t window_end = 0;
  };
  constexpr std::size_t window = 10000;
  std::promise<std::size_t> done;
  auto finished = done.get_future();
  sys.spawn([&](caf::stateful_actor<collector_state>* self) {
    auto send_window = [self, &actors, cmd] {
      auto& st = self->state;
      st.window_end = std::min(actors.size(), st.next + window);
      for (; st.next < st.window_end; ++st.next)
        self->send(actors[st.next], cmd);
    };
    send_window();
    return caf::behavior{
      [self, &actors, &done, send_window](reply&) {
        auto& st = self->state;
        if (++st.answered == actors.size()) {
          done.set_value(st.answered);
          self->quit();
        } else if (st.answered == st.window_end) {
          send_window();
        }
      },
      caf::after(std::chrono::seconds{120}) >>
        [self, &done] {
          std::fprintf(stderr, "collector: %zu of %zu answered\n",
                       self->state.answered, self->state.next);
          done.set_value(self->state.answered);
          self->quit();
        },
    };
  });
  return finished.get();
}

// Measures one kind of actor in this (fresh) process: resident memory
// growth per actor once all `n` have answered a message.
double measure_actors(const std::string& kind, size_t n) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor reader;
  if (kind == "ticket")
    reader = spawn_stream_reader(
      sys, [] { return std::make_unique<memory_reader>(); });
  auto base = rss_bytes();
  auto t0 = clock_type::now();
  auto since = [&t0] {
    auto t = clock_type::now();
    auto s = std::chrono::duration<double>(t - t0).count();
    t0 = t;
    return s;
  };
  std::vector<caf::actor> actors;
  actors.reserve(n);
  if (kind == "bare") {
    for (size_t i = 0; i < n; ++i)
      actors.push_back(sys.spawn(bare_actor));
    caf::scoped_actor self{sys};
    for (size_t i = 0; i < n; i += 10000) {
      auto end = std::min(n, i + 10000);
      for (size_t j = i; j < end; ++j)
        self->send(actors[j], 1);
      for (size_t j = i; j < end; ++j)
        self->receive([](int) {});
    }
  } else {
    for (size_t i = 0; i < n; ++i)
      actors.push_back(sys.spawn(entity<ticket_domain>, id('t', i), reader,
                                 caf::actor{}, entity_options{}));
    auto spawned = since();
    // A note that is already there: decided as "no change", no append.
    auto answered = touch_all(
      sys, actors,
      ticket::add_note{"n1", "Proof v1 attached", false, "user:ada", 1});
    std::fprintf(stderr, "ticket %zu: spawn %.1f s, %zu answered in %.1f s\n",
                 n, spawned, answered, since());
  }
  auto used = double(rss_bytes() - base) / double(n);
  for (auto& a : actors)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  if (reader)
    caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
  since();
  actors.clear();
  std::fprintf(stderr, "%s %zu: released in %.1f s\n", kind.c_str(), n,
               since());
  return used;
}

// Runs `measure_actors` in a child process of this binary, so one
// measurement never reuses memory another freed.
void memory_phase(const char* self_path, size_t n) {
  for (const char* kind : {"bare", "ticket"}) {
    auto cmd
      = std::string{self_path} + " --memory " + kind + " " + std::to_string(n);
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[128];
      while (fgets(buf, sizeof(buf), p))
        out += buf;
      pclose(p);
    }
    std::printf("| %s | %zu | %s |\n",
                std::string{kind} == "bare"
                  ? "bare CAF actor, 96-byte state"
                  : "ticket entity actor (brief + 3 notes), idle",
                n, out.empty() ? "?" : out.substr(0, out.find('\n')).c_str());
  }
}

// Keeps `in_flight` commands going for `seconds`; returns commands/s and
// latencies (ms).
struct load_result {
  double per_s = 0;
  double p50 = 0;
  double p99 = 0;
};

load_result drive(caf::actor_system& sys, caf::actor host, size_t entities,
                  int in_flight, double seconds) {
  struct driver_state {
    std::mt19937 rng{42};
    long sent = 0;
    long done = 0;
    std::vector<double> lat;
    bool stop = false;
  };
  std::atomic<bool> finished{false};
  load_result out;
  auto start = clock_type::now();
  auto driver = sys.spawn([&](caf::stateful_actor<driver_state>* self) {
    auto send_one = [self, host, entities](auto& again) -> void {
      auto target = id('e', self->state.rng() % entities);
      // One hot entity: replace its brief (a state that does not grow);
      // many entities: add notes (a dozen each over a run).
      auto cmd = entities == 1 ? ticket::ticket_command{ticket::update_brief{
                   {id('b', static_cast<std::size_t>(self->state.sent))},
                   "customer:bench",
                   1,
                   {}}}
                               : ticket::ticket_command{ticket::add_note{
                                 make_uuid_v7(), "load", false, "bench", 1}};
      auto t0 = clock_type::now();
      ++self->state.sent;
      self->request(host, caf::infinite, target, std::move(cmd))
        .then([self, t0, again](reply& r) mutable {
          if (!r)
            std::cerr << r.error().message << "\n";
          self->state.lat.push_back(
            std::chrono::duration<double, std::milli>(clock_type::now() - t0)
              .count());
          ++self->state.done;
          if (!self->state.stop)
            again(again);
        });
    };
    for (int i = 0; i < in_flight; ++i)
      send_one(send_one);
    self->delayed_send(self,
                       std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::duration<double>(seconds)),
                       caf::close_atom::value);
    return caf::behavior{[self, &finished, &out, start](caf::close_atom) {
      self->state.stop = true;
      auto elapsed
        = std::chrono::duration<double>(clock_type::now() - start).count();
      out
        = {double(self->state.done) / elapsed, percentile(self->state.lat, 0.5),
           percentile(self->state.lat, 0.99)};
      finished = true;
    }};
  });
  while (!finished)
    std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(500ms); // let the last replies drain
  caf::anon_send_exit(driver, caf::exit_reason::user_shutdown);
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string{argv[1]} == "--memory") {
    std::printf("%.0f\n", measure_actors(argv[2], std::stoul(argv[3])));
    return 0;
  }
  size_t max_actors = argc > 1 ? std::stoul(argv[1]) : 1000000;
  double seconds = argc > 2 ? std::atof(argv[2]) : 5.0;
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  std::printf("load average before: %s\n\n", loadavg().c_str());

  std::printf(
    "### 1. memory\n\n| actor | count | bytes each |\n|---|---:|---:|\n");
  memory_phase(argv[0], std::min(max_actors, size_t{100000}));
  if (max_actors > 100000)
    memory_phase(argv[0], max_actors);

  souk::bench::bench_cluster cluster;
  auto conninfo = cluster.conninfo();
  auto writer
    = std::make_shared<group_commit_writer>(group_commit_options{conninfo});
  auto appender = spawn_append_bridge(sys, writer);
  auto reader = spawn_stream_reader(
    sys, [conninfo] { return std::make_unique<pg_event_store>(conninfo); });

  // 2. rehydration of a 1,000-event ticket.
  {
    host_options opts;
    opts.entity.snapshot_every = 1000;
    auto h = sys.spawn(entity_host<ticket_domain>, reader, appender, opts);
    caf::scoped_actor self{sys};
    auto ask = [&](caf::actor target, ticket::ticket_command cmd) {
      self->request(target, 30s, std::string{"long"}, std::move(cmd))
        .receive([](reply&) {}, [](caf::error&) {});
    };
    ask(h, ticket::open_ticket{typical_opened()});
    for (int i = 1; i < 1000; ++i)
      ask(h, ticket::add_note{id('n', static_cast<std::size_t>(i)), "note",
                              false, "x", 1});
    caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    auto time_load = [&](std::int64_t snapshot_every) {
      std::vector<double> ms;
      for (int i = 0; i < 20; ++i) {
        entity_options eo;
        eo.snapshot_every = snapshot_every;
        auto t0 = clock_type::now();
        auto e = sys.spawn(entity<ticket_domain>, std::string{"long"}, reader,
                           appender, eo);
        self
          ->request(e, 30s,
                    ticket::ticket_command{
                      ticket::add_note{"n1", "note", false, "x", 1}})
          .receive([](reply&) {}, [](caf::error&) {});
        ms.push_back(
          std::chrono::duration<double, std::milli>(clock_type::now() - t0)
            .count());
        caf::anon_send_exit(e, caf::exit_reason::user_shutdown);
      }
      return percentile(ms, 0.5);
    };
    auto with = time_load(1000);
    pqxx::connection c{conninfo};
    pqxx::nontransaction{c}.exec("DELETE FROM snapshots");
    auto without = time_load(0);
    std::printf("\n### 2. rehydration of one ticket with 1,000 events "
                "(median of 20)\n\n| from | ms |\n|---|---:|\n"
                "| snapshot at 1,000 | %.2f |\n| events only | %.2f |\n",
                with, without);
  }

  // 3. commands/s.
  {
    host_options opts;
    opts.max_pending_per_entity = 100000;
    auto h = sys.spawn(entity_host<ticket_domain>, reader, appender, opts);
    caf::scoped_actor self{sys};
    constexpr size_t many = 10000;
    for (size_t i = 0; i < many; i += 1000) {
      for (size_t j = i; j < i + 1000; ++j)
        self->send(
          h, id('e', j),
          ticket::ticket_command{ticket::open_ticket{typical_opened()}});
      for (size_t j = i; j < i + 1000; ++j)
        self->receive([](reply&) {});
    }
    auto alone = drive(sys, h, 1, 1, seconds);
    auto single = drive(sys, h, 1, 64, seconds);
    auto spread = drive(sys, h, many, 64, seconds);
    auto raw = raw_baseline(conninfo, seconds);
    std::printf(
      "\n### 3. commands/s, each durably committed\n\n"
      "| target | commands/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n"
      "| one entity, 1 caller | %.0f | %.2f | %.2f |\n"
      "| one entity, 64 in flight | %.0f | %.2f | %.2f |\n"
      "| 10,000 entities | %.0f | %.2f | %.2f |\n"
      "| raw baseline: 1 INSERT per transaction, 64 conns | %.0f | | |\n"
      "\n10,000 entities / raw = %.2f\n",
      alone.per_s, alone.p50, alone.p99, single.per_s, single.p50, single.p99,
      spread.per_s, spread.p50, spread.p99, raw, spread.per_s / raw);
    caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
  }
  std::printf("\nload average after: %s\n", loadavg().c_str());
  caf::anon_send_exit(appender, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
  std::this_thread::sleep_for(500ms);
  writer.reset();
  return 0;
}
