#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/runtime/ask.hpp"
#include "actors/runtime/atoms.hpp"
#include "actors/runtime/entity.hpp"
#include "actors/runtime/entity_host.hpp"

namespace souk {

/// The handle of the host of one entity kind: the only way module code
/// reaches entities. Its type names the domain, so a cart command sent to
/// the orders does not compile (a bare `caf::actor` accepts anything and
/// answers it at run time with an "unexpected message").
///
/// Every entity of the kind answers `command_type` with
/// `entity_reply<Domain>`: its state after the command is committed, or
/// the refusal.
template <class Domain>
class entity_ref {
public:
  using domain = Domain;
  using command_type = typename Domain::command_type;
  using reply_type = entity_reply<Domain>;

  entity_ref() = default;

  entity_ref(caf::actor_system& sys, caf::actor host)
    : sys_(&sys), host_(std::move(host)) {
    // nop
  }

  /// Spawns the host of the kind on `sys`.
  static entity_ref spawn(caf::actor_system& sys, caf::actor reader,
                          caf::actor appender, host_options opts) {
    return {sys, sys.spawn(entity_host<Domain>, std::move(reader),
                           std::move(appender), opts)};
  }

  /// Sends `cmd` to entity `id`; `k(reply)` runs on a CAF thread (it must
  /// not block). No answer in time is a retriable `unavailable` error.
  template <class K>
  void ask(std::string id, command_type cmd, K k,
           std::chrono::milliseconds timeout = std::chrono::seconds{10}) const {
    ask_entity<Domain>(*sys_, host_, std::move(id), std::move(cmd),
                       std::move(k), timeout);
  }

  /// The request from inside an actor: `.then([](reply_type&) {...})` or
  /// `.receive(...)` on a scoped actor.
  template <class Self>
  auto request(Self* self, std::string id, command_type cmd,
               std::chrono::milliseconds timeout
               = std::chrono::seconds{10}) const {
    return self->request(host_, timeout, std::move(id), std::move(cmd));
  }

  /// Sends `cmd` and waits for the reply (a command line, a seed, a test;
  /// never an I/O or CAF thread).
  reply_type call(std::string id, command_type cmd,
                  std::chrono::milliseconds timeout
                  = std::chrono::seconds{30}) const {
    caf::scoped_actor self{*sys_};
    reply_type out{entity_error{runtime_errc::unavailable, "no reply", true}};
    self->request(host_, timeout, std::move(id), std::move(cmd))
      .receive([&](reply_type& r) { out = std::move(r); },
               [&](caf::error& err) {
                 out = reply_type{entity_error{runtime_errc::unavailable,
                                               caf::to_string(err), true}};
               });
    return out;
  }

  /// Entities of the kind in memory now, or -1 when the host does not
  /// answer within `timeout` (blocks).
  std::int64_t resident(std::chrono::milliseconds timeout) const {
    caf::scoped_actor self{*sys_};
    std::int64_t live = -1;
    self->request(host_, timeout, count_atom::value)
      .receive([&](std::int64_t n) { live = n; }, [](caf::error&) {});
    return live;
  }

  caf::actor_system& system() const noexcept { return *sys_; }

  /// The host actor itself, for monitoring and shutdown.
  const caf::actor& actor() const noexcept { return host_; }

  explicit operator bool() const noexcept { return static_cast<bool>(host_); }

private:
  caf::actor_system* sys_ = nullptr;
  caf::actor host_;
};

} // namespace souk
