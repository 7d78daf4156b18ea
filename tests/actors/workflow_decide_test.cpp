// Workflow definitions, the execution fold and `next`, without actors.
#include <gtest/gtest.h>

#include "actors/workflows/execution_state.hpp"

namespace souk::workflows {
namespace {

using namespace std::chrono_literals;

step_fn ok(std::string output = "{}") {
  return immediate([output](const step_context&) { return output; });
}

workflow_definition three_steps() {
  return workflow("order-flow")
    .step("reserve", ok("{\"units\":2}"))
    .compensate(ok())
    .retry(3, 1s)
    .step("charge", ok())
    .compensate(ok())
    .step("mail", ok())
    .build();
}

execution_state fold(std::vector<execution_event> events) {
  execution_state s;
  for (auto& e : events)
    s = evolve(std::move(s), e);
  return s;
}

TEST(WorkflowDefinition, ARecipeWithDistinctStepsIsValid) {
  EXPECT_EQ(validate(three_steps()), std::nullopt);
}

TEST(WorkflowDefinition, DuplicateStepNamesAreRejectedNamingTheStep) {
  auto def = workflow("w").step("a", ok()).step("a", ok()).build();
  EXPECT_EQ(validate(def), "workflow 'w': two steps are named 'a'");
}

TEST(WorkflowDefinition, ACompensateWithoutInvokeIsRejected) {
  auto def = workflow("w").step("a", nullptr).compensate(ok()).build();
  EXPECT_EQ(validate(def),
            "workflow 'w': step 'a' has a compensate but no invoke");
}

TEST(WorkflowDefinition, ASetWithTwoWorkflowsOfOneNameIsRejected) {
  auto set = make_workflow_set({three_steps(), three_steps()});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error(), "two workflows are named 'order-flow'");
}

TEST(WorkflowDefinition, ASetWithABadDefinitionNamesIt) {
  auto set = make_workflow_set(
    {three_steps(), workflow("bad").step("x", ok()).retry(0, 0ms).build()});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error(),
            "workflow 'bad': step 'x' must be tried at least once");
}

TEST(WorkflowDefinition, AModifierBeforeAnyStepThrows) {
  EXPECT_THROW(workflow("w").retry(2, 0ms), std::logic_error);
}

TEST(WorkflowNext, ANewExecutionStartsItsFirstStep) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1}});
  auto a = next(three_steps(), s, 10);
  EXPECT_EQ(a.kind, next_action::start_step);
  EXPECT_EQ(a.step, "reserve");
  EXPECT_EQ(a.attempt, 1);
}

TEST(WorkflowNext, AStartedStepIsInvokedAgainAfterARestart) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1},
                 step_started{"reserve", 1, 0, 2}});
  auto a = next(three_steps(), s, 10);
  EXPECT_EQ(a.kind, next_action::invoke);
  EXPECT_EQ(a.attempt, 1);
}

TEST(WorkflowNext, AFailedTryWaitsForItsRetryTimeThenTriesAgain) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1},
                 step_started{"reserve", 1, 0, 2},
                 step_failed{"reserve", 1, "busy", 1002, 3}});
  auto early = next(three_steps(), s, 500);
  EXPECT_EQ(early.kind, next_action::sleep);
  EXPECT_EQ(early.until, 1002);
  auto due = next(three_steps(), s, 1002);
  EXPECT_EQ(due.kind, next_action::start_step);
  EXPECT_EQ(due.attempt, 2);
}

TEST(WorkflowNext, CompletedStepsLeadToTheNextAndFinallyToTheResult) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1},
                 step_started{"reserve", 1, 0, 2},
                 step_completed{"reserve", "{\"units\":2}", 3}});
  EXPECT_EQ(next(three_steps(), s, 4).step, "charge");
  s = fold({execution_started{"order-flow", "{}", "test", 1},
            step_completed{"reserve", "{\"units\":2}", 3},
            step_completed{"charge", "1", 4}, step_completed{"mail", "[]", 5}});
  auto a = next(three_steps(), s, 6);
  EXPECT_EQ(a.kind, next_action::complete);
  EXPECT_EQ(a.text, R"({"reserve":{"units":2},"charge":1,"mail":[]})");
}

TEST(WorkflowNext, AFailureForGoodCompensatesCompletedStepsInReverse) {
  auto s = fold(
    {execution_started{"order-flow", "{}", "test", 1},
     step_completed{"reserve", "{}", 2}, step_completed{"charge", "{}", 3},
     step_started{"mail", 1, 0, 4}, step_failed{"mail", 1, "smtp down", 0, 5}});
  EXPECT_EQ(s.status, execution_status::compensating);
  EXPECT_EQ(s.error, "step 'mail' failed: smtp down");
  auto a = next(three_steps(), s, 6);
  EXPECT_EQ(a.kind, next_action::compensate);
  EXPECT_EQ(a.step, "charge");
  s = evolve(std::move(s), step_compensated{"charge", 1, 6});
  EXPECT_EQ(next(three_steps(), s, 7).step, "reserve");
  s = evolve(std::move(s), step_compensated{"reserve", 1, 7});
  auto done = next(three_steps(), s, 8);
  EXPECT_EQ(done.kind, next_action::fail);
  EXPECT_EQ(done.text, "step 'mail' failed: smtp down");
}

TEST(WorkflowNext, AFailedCompensationIsRetriedThenKeptInTheError) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1},
                 step_completed{"reserve", "{}", 2},
                 step_failed{"charge", 1, "declined", 0, 3},
                 compensation_failed{"reserve", 1, "db down", 100, 4}});
  auto wait = next(three_steps(), s, 50);
  EXPECT_EQ(wait.kind, next_action::sleep);
  auto again = next(three_steps(), s, 100);
  EXPECT_EQ(again.kind, next_action::compensate);
  EXPECT_EQ(again.attempt, 2);
  s = evolve(std::move(s),
             compensation_failed{"reserve", 2, "db down", 0, 101});
  auto done = next(three_steps(), s, 102);
  EXPECT_EQ(done.kind, next_action::fail);
  EXPECT_EQ(done.text, "step 'charge' failed: declined; compensating "
                       "'reserve' failed: db down");
}

TEST(WorkflowNext, ASignalStepWaitsTakesItsSignalOrTimesOut) {
  auto def = workflow("approve")
               .step("draft", ok())
               .wait_for_signal("approval", 1000ms)
               .build();
  auto waiting = fold({execution_started{"approve", "{}", "test", 1},
                       step_completed{"draft", "{}", 2},
                       step_started{"approval", 1, 1002, 2}});
  EXPECT_EQ(next(def, waiting, 500).kind, next_action::sleep);
  EXPECT_EQ(next(def, waiting, 500).until, 1002);
  EXPECT_EQ(next(def, waiting, 1002).kind, next_action::time_out);
  auto signalled
    = evolve(waiting, signal_received{"approval", R"({"ok":true})", 600});
  auto a = next(def, signalled, 600);
  EXPECT_EQ(a.kind, next_action::take_signal);
  EXPECT_EQ(a.text, R"({"ok":true})");
}

TEST(WorkflowNext, AFinishedExecutionHasNothingLeftToDo) {
  auto s = fold({execution_started{"order-flow", "{}", "test", 1},
                 execution_failed{"gone", 2}});
  EXPECT_EQ(next(three_steps(), s, 3).kind, next_action::idle);
  EXPECT_TRUE(s.finished());
}

TEST(ExecutionCodec, EveryEventSurvivesTheRoundTripWithJsonKeptAsJson) {
  std::vector<execution_event> all{
    execution_started{"w", R"({"order":"o1","n":[1,2]})", "user:ada", 1},
    step_started{"s", 2, 99, 2},
    step_completed{"s", "\"text\"", 3},
    step_failed{"s", 1, "oops", 0, 4},
    signal_received{"s", "true", 5},
    step_compensated{"s", 1, 6},
    compensation_failed{"s", 2, "no", 7, 8},
    execution_completed{R"({"s":null})", 9},
    execution_failed{"why", 10}};
  for (auto& e : all) {
    auto stored = encode(e);
    EXPECT_TRUE(is_valid_json(stored.data)) << stored.data;
    recorded_event r;
    r.stream_id = "workflow-x";
    r.version = 1;
    r.type = stored.type;
    r.data = stored.data;
    auto back = codec().decode(r);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(encode(*back).data, stored.data);
  }
  EXPECT_NE(encode(all[0]).data.find(R"("input":{"order")"), std::string::npos)
    << "inputs are stored as JSON, not as strings";
}

TEST(WorkflowNext, AFailedStepKeepsTheCodeOfItsLastTryAndASuccessClearsIt) {
  auto s = fold(
    {execution_started{"order-flow", "{}", "test", 1},
     step_started{"reserve", 1, 0, 2},
     step_failed{"reserve", 1, "db away", 1002, 3, store_errc::unavailable}});
  EXPECT_EQ(s.find("reserve")->code, store_errc::unavailable);
  s = evolve(std::move(s), step_started{"reserve", 2, 0, 1002});
  s = evolve(std::move(s), step_failed{"reserve", 2, "out of stock", 0, 1003,
                                       domain_errc::illegal_transition});
  EXPECT_EQ(s.find("reserve")->status, step_status::failed);
  EXPECT_EQ(s.find("reserve")->code, domain_errc::illegal_transition);
  auto ok
    = fold({execution_started{"order-flow", "{}", "test", 1},
            step_failed{"reserve", 1, "db away", 5, 2, store_errc::unavailable},
            step_completed{"reserve", "{}", 6}});
  EXPECT_EQ(ok.find("reserve")->code, error_code{});
}

recorded_event stored_as(std::string type, std::string data) {
  recorded_event r;
  r.stream_id = "workflow-x";
  r.version = 1;
  r.type = std::move(type);
  r.data = std::move(data);
  return r;
}

TEST(ExecutionCodec, AStepFailureIsStoredWithItsCode) {
  auto stored = encode(step_failed{"authorize", 1, "declined", 0, 4,
                                   domain_errc::payment_refused});
  EXPECT_NE(stored.data.find(R"("code":"domain.payment_refused")"),
            std::string::npos)
    << stored.data;
  auto back = codec().decode(stored_as(stored.type, stored.data));
  ASSERT_TRUE(back) << back.error().message;
  auto& failed = std::get<step_failed>(*back);
  EXPECT_EQ(failed.code, domain_errc::payment_refused);
  EXPECT_EQ(failed.error, "declined");
}

// Failures stored before codes were, or by a build that knows a code this
// one does not, still load: as internal failures.
TEST(ExecutionCodec, AStoredStepFailureWithoutAKnownCodeReadsAsInternal) {
  for (auto data : {R"({"step":"reserve","attempt":3,"error":"out of stock",)"
                    R"("retry_at":0,"at":7})",
                    R"({"step":"reserve","attempt":3,"error":"out of stock",)"
                    R"("retry_at":0,"at":7,"code":"domain.sold_out"})"}) {
    auto back = codec().decode(stored_as("workflow.step_failed.v1", data));
    ASSERT_TRUE(back) << back.error().message;
    auto& failed = std::get<step_failed>(*back);
    EXPECT_EQ(failed.code, runtime_errc::internal) << data;
    EXPECT_EQ(failed.step, "reserve");
    EXPECT_EQ(failed.attempt, 3);
    EXPECT_EQ(failed.error, "out of stock");
    EXPECT_EQ(failed.at, 7);
  }
}

} // namespace
} // namespace souk::workflows
