// A souk whose create-tickets step stops after opening two tickets of an
// order until a file exists, for the kill -9 test. It prints "port <n>"
// and "demo <json>", then serves until killed.
//
// Usage: tickets_crash_child <conninfo> <marker file> <release file>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "http/demo_seed.hpp"
#include "http/modules/modules.hpp"
#include "http/server_app.hpp"

using namespace souk;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  if (argc != 4)
    return 2;
  std::filesystem::path marker = argv[2];
  std::filesystem::path release = argv[3];
  tickets_options opts;
  opts.after_open
    = [marker, release](const workflows::step_context&,
                        std::size_t opened) -> std::optional<std::string> {
    if (opened != 2 || std::filesystem::exists(release))
      return std::nullopt;
    std::ofstream{marker} << "two tickets opened\n";
    for (;;) // held here until the test kills the process
      std::this_thread::sleep_for(1s);
  };
  auto modules = souk_modules();
  for (auto& m : modules)
    if (m.name == "tickets")
      m = tickets_module(opts);
  config cfg;
  cfg.http.port = 0;
  cfg.auth_secret = std::string(40, 'k');
  auto app = server_app::start(cfg, argv[1], std::move(modules));
  if (!app) {
    std::cerr << app.error() << std::endl;
    return 1;
  }
  auto demo = (*app)->seed_demo();
  if (!demo) {
    std::cerr << demo.error() << std::endl;
    return 1;
  }
  std::cout << "demo " << to_json(*demo) << "\nport " << (*app)->port()
            << std::endl;
  for (;;)
    std::this_thread::sleep_for(1s);
}
