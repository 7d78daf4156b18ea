// A souk that stops at one point until a file exists, for the kill -9
// tests (crash_test.cpp). It writes the marker file when it gets there,
// prints "port <n>" and "demo <json>", then serves until killed.
//
// Usage: crash_child <point> <conninfo> <marker file> <release file>
//                    [<SMTP port>]
// Points: "tickets-opened" (create-tickets after opening two tickets of an
// order), "mail-at-commit" (an order confirmation at SMTP's point of no
// return: all but the final "." sent, nothing claimed) and
// "mail-after-send" (the server has accepted it, not yet marked sent).
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

namespace {

std::filesystem::path marker, release;

// Marks the point reached, then holds the calling thread until the test
// kills the process; returns at once when the release file exists.
void hold(const char* what) {
  if (std::filesystem::exists(release))
    return;
  std::ofstream{marker} << what << "\n";
  for (;;)
    std::this_thread::sleep_for(1s);
}

bool confirmation(const notifications::notification& n) {
  return n.cause.starts_with("order.placed:");
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6)
    return 2;
  std::string point = argv[1];
  marker = argv[3];
  release = argv[4];
  config cfg;
  cfg.http.port = 0;
  cfg.auth_secret = std::string(40, 'k');
  if (argc == 6) {
    cfg.notifications.provider = "smtp";
    cfg.notifications.smtp_host = "127.0.0.1";
    cfg.notifications.smtp_port = std::stoi(argv[5]);
    cfg.notifications.smtp_from = "shop@souk.test";
  }
  tickets_options tickets;
  notifications::notifier_hooks mail;
  if (point == "tickets-opened")
    tickets.after_open = [](const workflows::step_context&,
                            std::size_t opened) -> std::optional<std::string> {
      if (opened == 2)
        hold("two tickets opened");
      return std::nullopt;
    };
  else if (point == "mail-at-commit")
    mail.at_commit = [](const notifications::notification& n) {
      if (confirmation(n))
        hold("at the final dot");
    };
  else if (point == "mail-after-send")
    mail.after_send = [](const notifications::notification& n) {
      if (confirmation(n))
        hold("accepted, not marked sent");
    };
  else
    return 2;
  auto modules = souk_modules();
  for (auto& m : modules) {
    if (m.name == "tickets")
      m = tickets_module(tickets);
    if (m.name == "notifications")
      m = notifications_module(mail);
  }
  auto app = server_app::start(cfg, argv[2], std::move(modules));
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
