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
  // A job that throws is answered (503), not left hanging.
  auto guarded = [job = std::move(job), respond](db_handles& h) {
    try {
      job(h);
    } catch (const std::exception& e) {
      spdlog::error("db pool job failed: {}", e.what());
      respond(busy_response("the database is not available"));
    }
  };
  if (!try_run(std::move(guarded)))
    respond(busy_response("too many requests waiting for the database"));
}

} // namespace souk
