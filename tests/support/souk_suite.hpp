#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "http/server_app.hpp"
#include "tests/support/test_cluster.hpp"

namespace souk::test {

/// A test suite with one souk (`server_app`) on a fresh database, port 0,
/// the demo store seeded: a suite's `SetUpTestSuite` calls `start_souk`
/// with its settings; it is stopped after the suite.
class souk_suite : public ::testing::Test {
protected:
  static void start_souk(config cfg = {},
                         std::vector<module> modules = souk_modules()) {
    cfg.http.port = 0;
    conninfo = test_cluster::instance().fresh_database();
    auto started = server_app::start(cfg, conninfo, std::move(modules));
    ASSERT_TRUE(started) << started.error();
    app = std::move(*started).release();
    auto seeded = app->seed_demo();
    ASSERT_TRUE(seeded) << seeded.error();
    demo = new demo_store(*seeded);
  }

  static void TearDownTestSuite() {
    delete app;
    delete demo;
    app = nullptr;
    demo = nullptr;
  }

  static inline server_app* app = nullptr;
  static inline demo_store* demo = nullptr;
  static inline std::string conninfo;
};

} // namespace souk::test
