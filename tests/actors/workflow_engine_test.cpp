// The workflow engine on a real actor system and a real PostgreSQL.
#include "actors/workflows/blocking_step.hpp"
#include "actors/workflows/engine.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/workflow_starter.hpp"
#include "persistence/durable_subscriber.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::workflows {
namespace {

using namespace std::chrono_literals;

/// What the steps did, in order, from any thread.
struct effects {
  std::mutex mtx;
  std::vector<std::string> log;

  void add(std::string what) {
    std::lock_guard<std::mutex> guard{mtx};
    log.push_back(std::move(what));
  }
  std::vector<std::string> copy() {
    std::lock_guard<std::mutex> guard{mtx};
    return log;
  }
  int count(const std::string& what) {
    auto all = copy();
    return static_cast<int>(std::count(all.begin(), all.end(), what));
  }
};

step_fn record(effects& fx, std::string what, std::string output = "{}") {
  return immediate([&fx, what, output](const step_context&) -> step_outcome {
    fx.add(what);
    return output;
  });
}

step_fn always_fail(effects& fx, std::string what) {
  return immediate([&fx, what](const step_context&) -> step_outcome {
    fx.add(what);
    return step_error{what + " is down"};
  });
}

class WorkflowEngine : public ::testing::Test {
protected:
  WorkflowEngine()
    : conninfo(test::test_cluster::instance().fresh_database()),
      writer(
        std::make_shared<group_commit_writer>(group_commit_options{conninfo})),
      sys(cfg), appender(spawn_append_bridge(sys, writer)),
      reader(spawn_stream_reader(
        sys, [c = conninfo] { return std::make_unique<pg_event_store>(c); })),
      index(spawn_execution_index(sys, [c = conninfo] {
        return std::make_unique<pg_execution_index>(c);
      })) {
    // nop
  }

  ~WorkflowEngine() override {
    for (auto& e : engines)
      caf::anon_send_exit(e, caf::exit_reason::user_shutdown);
    for (auto& a : {appender, reader, index})
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }

  caf::actor engine(std::vector<workflow_definition> defs) {
    auto set = make_workflow_set(std::move(defs));
    EXPECT_TRUE(set) << set.error();
    auto e
      = spawn_workflow_engine(sys, std::move(*set), reader, appender, index);
    engines.push_back(e);
    return e;
  }

  void stop(caf::actor& e) {
    caf::scoped_actor self{sys};
    self->monitor(e);
    caf::anon_send_exit(e, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
  }

  template <class... Ts>
  execution_reply ask(caf::actor e, Ts... xs) {
    caf::scoped_actor self{sys};
    std::optional<execution_reply> out;
    self->request(e, 30s, xs...)
      .receive([&](execution_reply& r) { out = std::move(r); },
               [&](caf::error& err) {
                 out = execution_reply{entity_error{runtime_errc::unavailable,
                                                    caf::to_string(err), true}};
               });
    return std::move(*out);
  }

  execution_reply start(caf::actor e, std::string workflow, std::string key,
                        std::string input = "{}") {
    return ask(e, wf_start_atom::value, std::move(workflow), std::move(key),
               std::move(input), std::string{"test"});
  }

  execution_reply result(caf::actor e, std::string id) {
    return ask(e, wf_result_atom::value, std::move(id));
  }

  /// Types of the stored events of `id`, in order.
  std::vector<std::string> history(const std::string& id) {
    pg_event_store store{conninfo};
    auto events = store.read_stream(stream_of(id));
    std::vector<std::string> out;
    for (auto& ev : *events)
      out.push_back(ev.type);
    return out;
  }

  int stored(const std::string& id, const std::string& type) {
    auto h = history(id);
    return static_cast<int>(std::count(h.begin(), h.end(), type));
  }

  std::string conninfo;
  std::shared_ptr<group_commit_writer> writer;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::actor appender;
  caf::actor reader;
  caf::actor index;
  std::vector<caf::actor> engines;
  effects fx;
};

// A step body may hold the pool it runs on (the ticket mails' deps do):
// when such a body is the pool's last owner, the pool is destroyed on one
// of its own threads, which cannot wait for itself. It once hung souk's
// shutdown there (live_test's teardown, seen in CI).
TEST(StepPool, TheLastOwnerLetGoOnAPoolThreadDoesNotHang) {
  auto pool = std::make_shared<step_pool>(2); // the other thread waits on
  auto released = std::make_shared<std::promise<void>>();
  auto future = released->get_future();
  auto* raw = pool.get();
  raw->post([owner = std::move(pool), released]() mutable {
    owner.reset(); // the last owner: ~step_pool on its own thread
    released->set_value();
  });
  EXPECT_EQ(future.wait_for(30s), std::future_status::ready)
    << "~step_pool waited for its own thread";
}

// After shutdown() nothing more is queued: a step body posted then is
// dropped at once, so one that holds the pool (the ticket mails' deps do)
// cannot keep it alive from its queue. (checkout_api_test leaked the
// runtime so under LeakSanitizer.)
TEST(StepPool, WorkPostedAfterShutdownIsDroppedAndHoldsNothing) {
  auto pool = std::make_shared<step_pool>(1);
  pool->shutdown();
  std::weak_ptr<step_pool> watch = pool;
  auto ran = std::make_shared<std::atomic<bool>>(false);
  pool->post([self = pool, ran] { *ran = true; });
  pool.reset();
  EXPECT_TRUE(watch.expired()) << "a dropped job held the pool";
  EXPECT_FALSE(ran->load());
}

// shutdown() waits for the work already posted (the server calls it
// before the database and actors the step bodies use are gone).
TEST(StepPool, ShutdownWaitsForThePostedWork) {
  step_pool pool{2};
  std::atomic<int> done{0};
  for (int i = 0; i < 4; ++i)
    pool.post([&done] {
      std::this_thread::sleep_for(50ms);
      ++done;
    });
  pool.shutdown();
  EXPECT_EQ(done.load(), 4);
}

TEST_F(WorkflowEngine,
       AStepThatFailsTwiceThenSucceedsRunsThreeTriesAndFinishesOnce) {
  std::atomic<int> tries{0};
  auto flaky = immediate([&](const step_context& ctx) -> step_outcome {
    EXPECT_EQ(ctx.attempt, tries + 1);
    if (++tries < 3)
      return step_error{"not yet"};
    fx.add("charged");
    return std::string{R"({"charge":"ch_1"})"};
  });
  auto e
    = engine({workflow("pay").step("charge", flaky).retry(3, 20ms).build()});
  auto started = start(e, "pay", "pay:order_1");
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(started->id, "pay:order_1");
  auto done = result(e, "pay:order_1");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(done->result, R"({"charge":{"charge":"ch_1"}})");
  ASSERT_EQ(done->steps.size(), 1u);
  EXPECT_EQ(done->steps[0].attempts, 3);
  EXPECT_EQ(tries, 3);
  EXPECT_EQ(fx.count("charged"), 1);
  EXPECT_EQ(stored("pay:order_1", "workflow.step_started.v1"), 3);
  EXPECT_EQ(stored("pay:order_1", "workflow.step_failed.v1"), 2);
  EXPECT_EQ(stored("pay:order_1", "workflow.completed.v1"), 1);
  // Asked again, the same key answers the same result and runs nothing.
  auto again = start(e, "pay", "pay:order_1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, execution_status::completed);
  EXPECT_EQ(tries, 3);
}

TEST_F(WorkflowEngine, AStepThatAlwaysFailsCompensatesEarlierStepsInReverse) {
  auto e = engine({workflow("checkout")
                     .step("reserve", record(fx, "reserve"))
                     .compensate(record(fx, "release"))
                     .step("note", record(fx, "note")) // nothing to undo
                     .step("authorize", record(fx, "authorize"))
                     .compensate(record(fx, "cancel authorization"))
                     .step("capture", always_fail(fx, "capture"))
                     .retry(2, 10ms)
                     .step("never", record(fx, "never"))
                     .build()});
  ASSERT_TRUE(start(e, "checkout", "c1"));
  auto done = result(e, "c1");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, execution_status::failed);
  EXPECT_EQ(done->error,
            "step 'capture' failed after 2 tries: capture is down");
  EXPECT_EQ(fx.copy(), (std::vector<std::string>{
                         "reserve", "note", "authorize", "capture", "capture",
                         "cancel authorization", "release"}));
  EXPECT_EQ(done->find("reserve")->status, step_status::compensated);
  EXPECT_EQ(done->find("note")->status, step_status::completed);
  EXPECT_EQ(done->find("capture")->status, step_status::failed);
  EXPECT_EQ(done->find("never"), nullptr);
  EXPECT_EQ(stored("c1", "workflow.step_compensated.v1"), 2);
}

TEST_F(WorkflowEngine, AFailingCompensationIsRetriedAndItsErrorKept) {
  std::atomic<int> undo_tries{0};
  auto e
    = engine({workflow("w")
                .step("a", record(fx, "a"))
                .compensate(immediate([&](const step_context&) -> step_outcome {
                  ++undo_tries;
                  return step_error{"still locked"};
                }))
                .retry(3, 5ms)
                .step("b", always_fail(fx, "b"))
                .build()});
  ASSERT_TRUE(start(e, "w", "w1"));
  auto done = result(e, "w1");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::failed);
  EXPECT_EQ(undo_tries, 3);
  EXPECT_EQ(
    done->error,
    "step 'b' failed: b is down; compensating 'a' failed: still locked");
}

TEST_F(WorkflowEngine, FiftyConcurrentStartsOfOneKeyMakeOneExecution) {
  std::atomic<int> runs{0};
  auto slow = [&](const step_context&, step_done done) {
    ++runs;
    std::thread([done] {
      std::this_thread::sleep_for(50ms);
      done(std::string{"1"});
    }).detach();
  };
  // Two engines on one database, as on two nodes: the store's expected
  // version decides between them.
  auto e1 = engine({workflow("tickets").step("create", slow).build()});
  auto e2 = engine({workflow("tickets").step("create", slow).build()});
  std::vector<std::thread> callers;
  std::atomic<int> answered{0};
  for (int i = 0; i < 50; ++i)
    callers.emplace_back([&, i] {
      auto r = start(i % 2 ? e1 : e2, "tickets", "create-tickets:order_9");
      if (r && r->id == "create-tickets:order_9")
        ++answered;
      else if (!r)
        ADD_FAILURE() << r.error().code << ": " << r.error().message;
    });
  for (auto& t : callers)
    t.join();
  EXPECT_EQ(answered, 50) << "every caller is told of the one execution";
  auto done = result(e1, "create-tickets:order_9");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(stored("create-tickets:order_9", "workflow.started.v1"), 1);
  EXPECT_EQ(stored("create-tickets:order_9", "workflow.completed.v1"), 1);
  EXPECT_EQ(runs, 1);
}

// A start that reaches a second engine while the first one runs the
// execution joins it: the second follows, it does not run the step again.
TEST_F(WorkflowEngine, AStartOnAnotherEngineJoinsTheExecutionItRuns) {
  std::atomic<int> runs{0};
  std::promise<void> running;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto held = [&](const step_context&, step_done done) {
    if (++runs == 1)
      running.set_value();
    std::thread([done, released] {
      released.wait();
      done(std::string{"1"});
    }).detach();
  };
  auto e1 = engine({workflow("tickets").step("create", held).build()});
  auto e2 = engine({workflow("tickets").step("create", held).build()});
  ASSERT_TRUE(start(e1, "tickets", "create-tickets:order_7"));
  running.get_future().wait(); // e1 runs the step now
  auto joined = start(e2, "tickets", "create-tickets:order_7");
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(joined->id, "create-tickets:order_7");
  release.set_value();
  auto done = result(e2, "create-tickets:order_7");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(stored("create-tickets:order_7", "workflow.step_started.v1"), 1);
}

TEST_F(WorkflowEngine, ASignalBeforeTheTimeoutResumesTheWorkflow) {
  auto e = engine({workflow("proof")
                     .step("send proof", record(fx, "proof sent"))
                     .compensate(record(fx, "proof withdrawn"))
                     .wait_for_signal("approval", 10s)
                     .step("print", record(fx, "printed"))
                     .build()});
  ASSERT_TRUE(start(e, "proof", "proof:t1"));
  for (int i = 0; i < 200 && fx.count("proof sent") == 0; ++i)
    std::this_thread::sleep_for(5ms);
  auto waiting = ask(e, wf_inspect_atom::value, std::string{"proof:t1"});
  ASSERT_TRUE(waiting);
  auto sig = ask(e, wf_signal_atom::value, std::string{"proof:t1"},
                 std::string{"approval"}, std::string{R"({"by":"cus_1"})"});
  ASSERT_TRUE(sig) << sig.error().message;
  auto done = result(e, "proof:t1");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(done->find("approval")->output, R"({"by":"cus_1"})");
  EXPECT_EQ(fx.copy(), (std::vector<std::string>{"proof sent", "printed"}));
}

TEST_F(WorkflowEngine, NoSignalBeforeTheTimeoutFailsTheStepAndCompensates) {
  auto e = engine({workflow("proof")
                     .step("send proof", record(fx, "proof sent"))
                     .compensate(record(fx, "proof withdrawn"))
                     .wait_for_signal("approval", 150ms)
                     .step("print", record(fx, "printed"))
                     .build()});
  ASSERT_TRUE(start(e, "proof", "proof:t2"));
  auto done = result(e, "proof:t2");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::failed);
  EXPECT_EQ(done->error, "step 'approval' failed: no signal within 150 ms");
  EXPECT_EQ(fx.copy(),
            (std::vector<std::string>{"proof sent", "proof withdrawn"}));
  // A signal after the end changes nothing.
  auto late = ask(e, wf_signal_atom::value, std::string{"proof:t2"},
                  std::string{"approval"}, std::string{"{}"});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, execution_status::failed);
}

TEST_F(WorkflowEngine, ASignalForAStepThatDoesNotWaitIsRefused) {
  auto e = engine({workflow("w").wait_for_signal("go", 10s).build()});
  ASSERT_TRUE(start(e, "w", "w:sig"));
  auto r = ask(e, wf_signal_atom::value, std::string{"w:sig"},
               std::string{"stop"}, std::string{"{}"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, runtime_errc::invalid_data);
  auto none = ask(e, wf_signal_atom::value, std::string{"nope"},
                  std::string{"go"}, std::string{"{}"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, domain_errc::not_found);
}

TEST_F(WorkflowEngine, ATryThatOverrunsItsTimeoutFailsAndALateAnswerIsIgnored) {
  std::atomic<int> tries{0};
  auto hangs = [&](const step_context&, step_done done) {
    if (++tries == 1) { // the first try answers far too late
      std::thread([done] {
        std::this_thread::sleep_for(300ms);
        done(std::string{"\"late\""});
      }).detach();
      return;
    }
    done(std::string{"\"fast\""});
  };
  auto e = engine(
    {workflow("w").step("call", hangs).timeout(50ms).retry(2, 0ms).build()});
  ASSERT_TRUE(start(e, "w", "w:t"));
  auto done = result(e, "w:t");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(done->find("call")->output, "\"fast\"");
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(stored("w:t", "workflow.step_completed.v1"), 1);
}

TEST_F(WorkflowEngine, AnUnfinishedExecutionResumesAfterItsLastRecordedStep) {
  std::atomic<bool> hang{true};
  auto second = [&](const step_context&, step_done done) {
    fx.add("second");
    if (!hang)
      done(std::string{"2"});
    // else: never answers, as if the process died mid-step
  };
  auto def = [&] {
    return workflow("w")
      .step("first", record(fx, "first"))
      .step("second", second)
      .step("third", record(fx, "third"))
      .build();
  };
  auto e1 = engine({def()});
  ASSERT_TRUE(start(e1, "w", "w:resume"));
  for (int i = 0; i < 400 && fx.count("second") == 0; ++i)
    std::this_thread::sleep_for(5ms);
  stop(e1);
  hang = false;
  auto e2 = engine({def()}); // resumes at spawn
  for (int i = 0; i < 400 && fx.count("third") == 0; ++i)
    std::this_thread::sleep_for(5ms);
  auto done = result(e2, "w:resume");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, execution_status::completed);
  EXPECT_EQ(fx.copy(),
            (std::vector<std::string>{"first", "second", "second", "third"}))
    << "the finished step ran once; the one in flight at the stop ran again";
}

TEST_F(WorkflowEngine, ExecutionsCanBeListedAndInspected) {
  auto e = engine({workflow("w").step("a", record(fx, "a", "7")).build()});
  for (auto key : {"w:1", "w:2", "w:3"})
    ASSERT_TRUE(result(e, start(e, "w", key)->id));
  caf::scoped_actor self{sys};
  std::optional<execution_list> listed;
  self->request(e, 10s, wf_list_atom::value, std::int64_t{2}, std::int64_t{0})
    .receive([&](execution_list& l) { listed = std::move(l); },
             [](caf::error&) {});
  ASSERT_TRUE(listed && *listed);
  ASSERT_EQ((*listed)->size(), 2u);
  EXPECT_EQ((**listed)[0].id, "w:3");
  EXPECT_EQ((**listed)[1].id, "w:2");
  auto one = ask(e, wf_inspect_atom::value, std::string{"w:1"});
  ASSERT_TRUE(one);
  auto json = to_json(*one);
  EXPECT_NE(json.find(R"("state":"completed")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("attempts":1)"), std::string::npos) << json;
  auto missing = ask(e, wf_inspect_atom::value, std::string{"w:404"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, domain_errc::not_found);
}

TEST_F(WorkflowEngine, BadStartsAreRefusedWithAClearError) {
  auto e = engine({workflow("w").step("a", record(fx, "a")).build()});
  auto unknown = start(e, "nope", "k");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no workflow named 'nope'");
  auto bad_input = start(e, "w", "k", "{oops");
  ASSERT_FALSE(bad_input);
  EXPECT_EQ(bad_input.error().code, runtime_errc::invalid_data);
}

TEST_F(WorkflowEngine,
       ASubscriberStartsOneExecutionPerEventAcrossRedeliveryAndRestart) {
  auto create = [&](const step_context& ctx, step_done done) {
    fx.add("tickets for " + ctx.execution_id);
    done(std::string{"{}"});
  };
  auto e = engine({workflow("create-tickets").step("create", create).build()});
  auto place = [&](int n) {
    auto r = writer->append(
      {"order-" + std::to_string(n),
       no_stream,
       {{"order.placed.v1", "{}", {}, ""}, {"order.noted.v1", "{}", {}, ""}}});
    ASSERT_TRUE(r);
  };
  std::atomic<int> calls{0};
  auto start = workflow_starter(
    sys, e,
    {"create-tickets",
     [](const recorded_event& ev) { return "create-tickets:" + ev.stream_id; },
     {},
     5s});
  subscription sub{
    "create-tickets", {"order.placed.v1"}, "", [&](const recorded_event& ev) {
      start(ev);
      // The first delivery "crashes" after its effect and
      // before the checkpoint: the event comes again.
      if (++calls == 1)
        throw std::runtime_error("crash after start");
    }};
  subscriber_options opts;
  opts.retry_delay = 20ms;
  opts.poll_interval = 20ms;
  for (int n = 1; n <= 3; ++n)
    place(n);
  auto settled = [&](size_t n) {
    for (int i = 0; i < 500 && fx.copy().size() < n; ++i)
      std::this_thread::sleep_for(10ms);
    return fx.copy().size();
  };
  {
    durable_subscriber first{conninfo, sub, opts};
    EXPECT_EQ(settled(3), 3u);
    for (int i = 0; i < 500 && first.position() < 6; ++i)
      std::this_thread::sleep_for(10ms);
  } // stopped; two orders come while no subscriber runs
  place(4);
  place(5);
  durable_subscriber second{conninfo, sub, opts};
  EXPECT_EQ(settled(5), 5u);
  std::this_thread::sleep_for(100ms);
  auto seen = fx.copy();
  std::sort(seen.begin(), seen.end());
  std::vector<std::string> want;
  for (int n = 1; n <= 5; ++n)
    want.push_back("tickets for create-tickets:order-" + std::to_string(n));
  EXPECT_EQ(seen, want) << "one execution per order, none twice";
  EXPECT_GE(calls, 6) << "the first event was delivered twice";
  for (int n = 1; n <= 5; ++n)
    EXPECT_EQ(stored("create-tickets:order-" + std::to_string(n),
                     "workflow.started.v1"),
              1);
}

TEST_F(
  WorkflowEngine,
  AfterAKillDashNineBetweenStepsTheExecutionCompletesWithoutRepeatingFinishedSteps) {
  pqxx::connection c{conninfo};
  pqxx::nontransaction{c}.exec("CREATE TABLE effects (step text NOT NULL)");
  auto effects = [&](const std::string& step) {
    return pqxx::nontransaction{c}
      .exec_params1("SELECT count(*) FROM effects WHERE step = $1", step)[0]
      .as<int>();
  };
  auto release = std::filesystem::temp_directory_path()
                 / ("souk-release-" + std::to_string(::getpid()));
  std::filesystem::remove(release);
  std::vector<std::string> argv{SOUK_CRASH_CHILD, conninfo, "crash:1",
                                release.string()};
  {
    test::child_process first{argv};
    ASSERT_TRUE(first.wait_for_output("started", 30s)) << first.output();
    for (int i = 0; i < 1000 && effects("two") == 0; ++i)
      std::this_thread::sleep_for(10ms);
    ASSERT_EQ(effects("two"), 1) << "step two runs, step one finished";
    first.signal(SIGKILL);
    first.wait(10s);
  }
  EXPECT_EQ(stored("crash:1", "workflow.step_completed.v1"), 1);
  std::ofstream{release} << "go";
  test::child_process second{argv};
  ASSERT_TRUE(second.wait_for_output("completed", 60s)) << second.output();
  std::filesystem::remove(release);
  EXPECT_EQ(effects("one"), 1) << "a finished step never runs again";
  EXPECT_EQ(effects("two"), 2) << "the step in flight at the kill ran again";
  EXPECT_EQ(effects("three"), 1);
  EXPECT_EQ(stored("crash:1", "workflow.started.v1"), 1);
  EXPECT_EQ(stored("crash:1", "workflow.completed.v1"), 1);
}

} // namespace
} // namespace souk::workflows
