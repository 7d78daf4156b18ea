#pragma once

#include <optional>

#include "http/router.hpp"
#include "http/services.hpp"
#include "http/tokens.hpp"

namespace souk {

/// The claims of the request's `Authorization: Bearer` token when it is
/// valid (signature, algorithm, expiry, session age); nothing otherwise.
std::optional<token_claims> bearer_claims(const services& ctx,
                                          const request& req);

/// Enforces every route's access rule (see `access`): publishable keys,
/// bearer tokens, admins that are still active (checked against the
/// database, remembered for two seconds), and the owner of the resource a
/// route acts on. Refusals: 400 for a missing or unknown publishable key
/// (as Medusa), 401 for a missing or bad token, 404 for another's
/// resource. `ctx` must outlive the gate.
access_gate make_access_gate(services& ctx);

} // namespace souk
