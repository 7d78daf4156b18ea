#pragma once

#include <string>

namespace souk {

/// `conninfo` (a postgresql:// URL or keyword/value string) with a
/// connect_timeout added when it has none, so an unreachable server fails
/// fast instead of hanging.
std::string with_connect_timeout(const std::string& conninfo, int seconds);

/// `conninfo` with any password replaced by "***", for messages and logs.
std::string redact_conninfo(const std::string& conninfo);

} // namespace souk
