#include "actors/catalog/catalog_follower.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "actors/catalog/catalog_events.hpp"

namespace souk::catalog {

namespace {

// The stream of catalog_domain (catalog_entity.hpp), which this file does
// not include: it would bring the actor runtime into a plain fold.
const std::string catalog_stream = "catalog";

} // namespace

catalog_follower::catalog_follower(catalog_view& view, read_fn read)
  : view_(view), read_(std::move(read)) {
  // nop
}

expected<std::int64_t, std::string> catalog_follower::catch_up() {
  std::lock_guard<std::mutex> guard{mtx_};
  return catch_up_locked();
}

expected<std::int64_t, std::string> catalog_follower::catch_up_locked() {
  auto current = view_.get();
  auto events = read_(current->version + 1);
  if (!events)
    return "cannot read the catalog: " + events.error().message;
  if (events->empty())
    return current->version;
  auto next = *current;
  for (auto& ev : *events) {
    auto decoded = codec().decode(ev);
    if (!decoded)
      return decoded.error().message;
    next = evolve(std::move(next), *decoded);
  }
  auto version = next.version;
  view_.publish(std::move(next));
  return version;
}

void catalog_follower::handle(const recorded_event& ev) {
  if (ev.stream_id != catalog_stream)
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  auto current = view_.get();
  if (ev.version <= current->version)
    return; // folded in already (by a catch-up)
  if (ev.version > current->version + 1) {
    spdlog::info("catalog view at version {} got version {}: reading the"
                 " stream",
                 current->version, ev.version);
    if (auto caught = catch_up_locked(); !caught)
      throw std::runtime_error(caught.error());
    return;
  }
  auto decoded = codec().decode(ev);
  if (!decoded)
    throw std::runtime_error(decoded.error().message);
  // A copy per event: the view's states are immutable, readers may hold
  // the current one. Catalog writes are rare.
  view_.publish(evolve(*current, *decoded));
}

} // namespace souk::catalog
