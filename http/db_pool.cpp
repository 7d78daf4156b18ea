#include "http/db_pool.hpp"

#include "http/entity_call.hpp"

namespace souk {

void db_pool::run(std::function<void(db_handles&)> job,
                  const responder& respond) {
  if (!try_run(std::move(job)))
    respond(busy_response("too many requests waiting for the database"));
}

} // namespace souk
