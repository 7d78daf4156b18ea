#pragma once

#include "http/router.hpp"

namespace souk {

/// The whole HTTP API, on one screen.
router make_routes();

} // namespace souk
