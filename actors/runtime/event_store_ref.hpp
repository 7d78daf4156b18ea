#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/runtime/ask.hpp"
#include "actors/runtime/store_actors.hpp"

namespace souk {

/// The event store port, typed: reads of a stream and appends through the
/// group-commit writer, behind the two store actors (`spawn_stream_reader`,
/// `spawn_append_bridge`). Entity hosts are spawned with its actors; a
/// module reads and appends through its methods.
class event_store_ref {
public:
  event_store_ref(caf::actor_system& sys, caf::actor reader,
                  caf::actor appender)
    : sys_(&sys), reader_(std::move(reader)), appender_(std::move(appender)) {
    // nop
  }

  /// The events of `stream` from `from_version` on. Blocks: for a
  /// subscriber's thread, a db-pool job, a command line; never a CAF or an
  /// I/O thread.
  read_result read(const std::string& stream, std::int64_t from_version) const {
    caf::scoped_actor self{*sys_};
    read_result out{store_error{store_errc::unavailable, "no reply"}};
    self
      ->request(reader_, std::chrono::seconds{30}, read_atom::value, stream,
                from_version)
      .receive(
        [&](read_result& r) { out = std::move(r); },
        [&](caf::error& err) {
          out = store_error{store_errc::unavailable, caf::to_string(err)};
        });
    return out;
  }

  /// Appends `req` (optimistically, at its expected version);
  /// `k(append_result)` once it is committed or refused, on a CAF thread.
  /// No answer in time is `outcome_unknown`: it may yet be committed, so
  /// retry only at an expected version. An entity of the stream that is in
  /// memory learns of the append at its next write (a version conflict
  /// makes it reload); to change an entity, send it a command instead.
  template <class K>
  void append(append_request req, K k,
              std::chrono::milliseconds timeout
              = std::chrono::seconds{10}) const {
    ask<append_result>(
      *sys_, appender_, timeout,
      [k](std::optional<append_result> r, const std::string& why) {
        if (!r)
          // The writer may still commit it: not a refusal.
          return k(
            append_result{store_error{store_errc::outcome_unknown, why}});
        k(std::move(*r));
      },
      append_atom::value, std::move(req));
  }

  const caf::actor& reader() const noexcept { return reader_; }
  const caf::actor& appender() const noexcept { return appender_; }

private:
  caf::actor_system* sys_;
  caf::actor reader_;
  caf::actor appender_;
};

} // namespace souk
