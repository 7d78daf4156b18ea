#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/notifications/notification.hpp"
#include "actors/runtime/events.hpp"
#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_port.hpp"
#include "persistence/accounts.hpp"
#include "persistence/addresses.hpp"
#include "persistence/conninfo.hpp"
#include "persistence/feed_stats.hpp"
#include "persistence/migration_file.hpp"
#include "persistence/order_list.hpp"
#include "persistence/ticket_files.hpp"
#include "persistence/ticket_list.hpp"

namespace souk::workflows {
class execution_index; // actors/workflows/engine.hpp
} // namespace souk::workflows

namespace souk {

// The PostgreSQL parts, for the composition root: each factory answers a
// port (or a plain function) over `conninfo`, so no pg_* class and no
// libpqxx type reaches the caller. Unless said otherwise a part opens its
// connection on first use, never in the factory, and a dropped connection
// fails that call (`unavailable`) and is re-opened by the next one.

// -- schema --

/// Connects and applies the `files` the database does not have yet, in
/// order (see persistence/migrations.hpp): the names applied now, or a
/// one-line reason (with the password redacted).
expected<std::vector<std::string>, std::string>
migrate_database(const std::string& conninfo,
                 const std::vector<migration_file>& files);

/// The tickets module's migrations (persistence/migrations/tickets/),
/// compiled in, in name order, named without their group: the module
/// passes them as its `migrations`, so they are recorded as
/// "tickets/<file>".
const std::vector<migration_file>& tickets_migrations();

// -- read side and accounts: blocking, one instance per thread --

std::unique_ptr<accounts_port> open_accounts(const std::string& conninfo);

std::unique_ptr<addresses_port> open_addresses(const std::string& conninfo);

std::unique_ptr<order_list_port> open_order_list(const std::string& conninfo);

/// Needs the tickets migrations.
std::unique_ptr<ticket_list_port> open_ticket_list(const std::string& conninfo);

/// Needs the tickets migrations.
std::unique_ptr<ticket_files_port>
open_ticket_files(const std::string& conninfo);

/// The feed head and workflow counts for GET /metrics.
std::unique_ptr<feed_stats_port> open_feed_stats(const std::string& conninfo);

// -- event store, workflows, notifications --

/// Reads streams and keeps snapshots. Blocking and not thread-safe: one
/// instance per thread (the stream-reader actors make one each). Appends
/// go through `group_commit_writer`.
std::unique_ptr<stream_reader> open_stream_reader(const std::string& conninfo);

/// Reads the global feed. Blocking, one instance per thread.
std::unique_ptr<feed_reader> open_feed_reader(const std::string& conninfo);

/// Finds workflow executions by their lifecycle events. Blocking, one
/// instance per thread (the execution-index actor's).
std::unique_ptr<workflows::execution_index>
open_execution_index(const std::string& conninfo);

/// Which notifications went out. Thread-safe: calls share one connection,
/// one at a time.
std::shared_ptr<notifications::notification_log>
open_notification_log(const std::string& conninfo);

// -- projections: handlers for a durable_subscriber --

/// Applies one order event (of `order_list_event_types()`, on an `order-`
/// stream) to the order list. Idempotent: replaying an event changes
/// nothing. Keeps a connection of its own, opened on the first event and
/// re-opened after it dropped; a failure throws, and the subscriber offers
/// the event again. Called from the subscriber's thread only.
std::function<void(const recorded_event&)>
order_list_projection(std::string conninfo);

/// Applies one ticket event (of `ticket_list_event_types()`, on a
/// `ticket-` stream) to the ticket list and its counts per status, in one
/// transaction. Idempotent: an event applies only when its stream version
/// is newer than the row's, so an event offered again changes nothing.
/// Connection, failures and thread as `order_list_projection`'s.
std::function<void(const recorded_event&)>
ticket_list_projection(std::string conninfo);

} // namespace souk
