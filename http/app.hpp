#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace souk {

/// The composition root: parses the command line; for `serve` reads (or
/// makes) the token-signing key in the data directory, refusing one that
/// others could read or write; opens the database (embedded or
/// DATABASE_URL), migrates, and for `serve` seeds the demo store (only with
/// `--demo`) and serves HTTP until SIGINT or SIGTERM. Returns the exit
/// code: 0 done, 1 could not start (one line on stderr says why), 2 bad
/// usage.
int souk_main(const std::vector<std::string>& args, const env_lookup& env);

} // namespace souk
