// A process running one workflow, for the kill -9 test: the steps write
// their effects into a table; step "two" blocks until a file exists.
//
// Usage: workflow_crash_child <conninfo> <execution key> <release file>
#include <filesystem>
#include <iostream>
#include <thread>

#include <pqxx/pqxx>

#include "actors/runtime/atoms.hpp"
#include "actors/runtime/store_actors.hpp"
#include "actors/workflows/blocking_step.hpp"
#include "actors/workflows/engine.hpp"
#include "persistence/group_commit_writer.hpp"
#include "persistence/pg_event_store.hpp"
#include "persistence/pg_execution_index.hpp"

using namespace souk;
using namespace souk::workflows;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  if (argc != 4)
    return 2;
  std::string conninfo = argv[1];
  std::string key = argv[2];
  std::filesystem::path release = argv[3];
  auto pool = std::make_shared<step_pool>(2);
  auto effect = [conninfo](const std::string& step) {
    pqxx::connection c{conninfo};
    pqxx::nontransaction{c}.exec_params(
      "INSERT INTO effects (step) VALUES ($1)", step);
  };
  auto def
    = workflow("crash-test")
        .step("one",
              blocking_step(pool,
                            [effect](const step_context&) -> step_outcome {
                              effect("one");
                              return std::string{"1"};
                            }))
        .step("two", blocking_step(
                       pool,
                       [effect, release](const step_context&) -> step_outcome {
                         effect("two");
                         while (!std::filesystem::exists(release))
                           std::this_thread::sleep_for(20ms);
                         return std::string{"2"};
                       }))
        .step("three",
              blocking_step(pool,
                            [effect](const step_context&) -> step_outcome {
                              effect("three");
                              return std::string{"3"};
                            }))
        .build();
  auto writer
    = std::make_shared<group_commit_writer>(group_commit_options{conninfo});
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto engine = spawn_workflow_engine(
    sys, *make_workflow_set({def}),
    spawn_stream_reader(
      sys, [conninfo] { return std::make_unique<pg_event_store>(conninfo); }),
    spawn_append_bridge(sys, writer), spawn_execution_index(sys, [conninfo] {
      return std::make_unique<pg_execution_index>(conninfo);
    }));
  caf::scoped_actor self{sys};
  self
    ->request(engine, 30s, wf_start_atom::value, std::string{"crash-test"}, key,
              std::string{"{}"}, std::string{"test"})
    .receive([](execution_reply&) { std::cout << "started" << std::endl; },
             [](caf::error&) {});
  self->request(engine, caf::infinite, wf_result_atom::value, key)
    .receive(
      [](execution_reply& r) {
        std::cout << (r ? std::string{to_string(r->status)} : r.error().message)
                  << std::endl;
      },
      [](caf::error& e) { std::cout << caf::to_string(e) << std::endl; });
  self->send_exit(engine, caf::exit_reason::user_shutdown);
  std::_Exit(0); // the test only needs the answer
}
