#include "http/db_pool.hpp"

#include "http/entity_call.hpp"
#include "persistence/postgres.hpp"

namespace souk {

db_handles::db_handles(const std::string& conninfo)
  : conninfo_(conninfo), owned_accounts_(open_accounts(conninfo)),
    owned_addresses_(open_addresses(conninfo)),
    owned_orders_(open_order_list(conninfo)), accounts(*owned_accounts_),
    addresses(*owned_addresses_), orders(*owned_orders_) {
  // nop
}

void db_pool::run(std::function<void(db_handles&)> job,
                  const responder& respond) {
  if (!try_run(std::move(job)))
    respond(busy_response("too many requests waiting for the database"));
}

} // namespace souk
