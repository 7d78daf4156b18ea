#pragma once

#include <vector>

#include "actors/runtime/json_writer.hpp"
#include "persistence/accounts.hpp"
#include "persistence/addresses.hpp"

namespace souk {

/// A customer as Medusa's store API shows it, with its addresses.
void write_customer(json_writer& w, const customer_record& c,
                    const std::vector<customer_address>& addresses = {});

/// One saved address (`cuaddr_…`).
void write_address(json_writer& w, const customer_address& a);

} // namespace souk
