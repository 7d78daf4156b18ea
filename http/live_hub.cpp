#include "http/live_hub.hpp"

#include <algorithm>
#include <tuple>

#include <spdlog/spdlog.h>

#include "http/db_pool.hpp"
#include "persistence/durable_subscriber.hpp"
#include "persistence/postgres.hpp"

namespace souk::live {

namespace {

bool holds(const std::vector<topic>& topics, const topic& t) {
  return std::find(topics.begin(), topics.end(), t) != topics.end();
}

// The first of `topics` on which `who` sees `c`, or null.
const topic* seen_on(const viewer& who, const std::vector<topic>& topics,
                     const change& c) {
  for (auto& t : topics)
    if (sees(who, t, c))
      return &t;
  return nullptr;
}

frame_ptr frame_for(const viewer& who, const topic& t, const change& c) {
  return std::make_shared<const std::string>(push_frame(
    c.type, t.text(), c.position, who.admin ? c.admin_data : *c.customer_data));
}

// The frames of one change, each encoded once: per audience and topic.
class frames_of {
public:
  explicit frames_of(const change& c) : c_(c) {}

  frame_ptr get(const viewer& who, const topic& t) {
    for (auto& [admin, held, f] : made_)
      if (admin == who.admin && held == t)
        return f;
    auto f = frame_for(who, t, c_);
    made_.emplace_back(who.admin, t, f);
    return f;
  }

private:
  const change& c_;
  std::vector<std::tuple<bool, topic, frame_ptr>> made_;
};

constexpr std::int64_t replay_page = 1000;
constexpr auto admin_status_ttl = std::chrono::seconds{5};

} // namespace

bool sees(const viewer& who, const topic& t, const change& c) {
  if (t.what != c.what || (!t.id.empty() && t.id != c.id))
    return false;
  if (who.admin)
    return true;
  return !who.id.empty() && c.customer_id == who.id
         && c.customer_data.has_value();
}

hub::hub(options opts, const std::string& conninfo, order_members admin_order)
  : opts_(opts), admin_order_(std::move(admin_order)),
    reader_(open_stream_reader(conninfo)),
    handles_(std::make_unique<db_handles>(conninfo)),
    renderer_(*reader_,
              [this](const std::string& id, std::string& json) {
                if (admin_order_)
                  admin_order_(id, json, *handles_);
              }),
    replays_(std::make_unique<db_pool>(conninfo, 1, 16)),
    checks_(std::make_unique<db_pool>(conninfo, 1, 256)) {
  // nop
}

hub::~hub() {
  // Their jobs use the members below: finished first.
  replays_.reset();
  checks_.reset();
}

void hub::follow(std::weak_ptr<durable_subscriber> follower) {
  std::lock_guard guard{mtx_};
  follower_ = std::move(follower);
}

std::int64_t hub::head_locked() const {
  auto f = follower_.lock();
  return std::max(position_, f ? f->position() : 0);
}

void hub::on_event(const recorded_event& e) {
  auto c = renderer_.render(e); // throws when the store is away
  std::vector<std::pair<std::shared_ptr<sink>, frame_ptr>> out;
  {
    std::lock_guard guard{mtx_};
    position_ = e.position;
    if (!c)
      return;
    frames_of frames{*c};
    for (auto& [_, en] : entries_) {
      auto* t = seen_on(en.who, en.topics, *c);
      if (!t)
        continue;
      if (auto s = en.s.lock())
        out.emplace_back(std::move(s), frames.get(en.who, *t));
    }
  }
  for (auto& [s, f] : out)
    s->push(std::move(f));
}

bool hub::admit() const {
  std::lock_guard guard{mtx_};
  return !stopping_ && entries_.size() < opts_.max_connections;
}

void hub::add(const std::shared_ptr<sink>& s) {
  std::lock_guard guard{mtx_};
  entries_[s.get()].s = s;
}

void hub::remove(const sink* s) {
  std::lock_guard guard{mtx_};
  entries_.erase(s);
}

std::size_t hub::connections_of(const viewer& who) const {
  std::lock_guard guard{mtx_};
  return static_cast<std::size_t>(
    std::count_if(entries_.begin(), entries_.end(),
                  [&](auto& e) { return e.second.who == who; }));
}

std::int64_t hub::subscribe(const sink* s, const viewer& who,
                            const std::vector<topic>& topics) {
  std::lock_guard guard{mtx_};
  auto i = entries_.find(s);
  if (i != entries_.end()) {
    i->second.who = who;
    for (auto& t : topics)
      if (!holds(i->second.topics, t))
        i->second.topics.push_back(t);
  }
  return head_locked();
}

void hub::unsubscribe(const sink* s, const std::vector<topic>& topics) {
  std::lock_guard guard{mtx_};
  auto i = entries_.find(s);
  if (i == entries_.end())
    return;
  std::erase_if(i->second.topics,
                [&](const topic& t) { return holds(topics, t); });
}

void hub::replay(viewer who, std::vector<topic> topics,
                 std::vector<held_topic> held, std::int64_t after,
                 std::int64_t up_to, std::function<void(replay_result)> done) {
  if (after > up_to)
    return done(std::string{"'since' is ahead of the feed: reload over REST"});
  if (up_to - after > opts_.replay_window)
    return done("'since' is more than " + std::to_string(opts_.replay_window)
                + " events behind the feed: reload over REST");
  auto job = [this, who = std::move(who), topics = std::move(topics),
              held = std::move(held), after, up_to, done](db_handles& h) {
    auto& feed = h.port<feed_reader>(open_feed_reader);
    auto& streams = h.port<stream_reader>(open_stream_reader);
    change_renderer renderer{
      streams, [this, &h](const std::string& id, std::string& json) {
        if (admin_order_)
          admin_order_(id, json, h);
      }};
    std::vector<frame_ptr> frames;
    try {
      for (auto at = after; at < up_to;) {
        auto page = feed.read_feed(at, replay_page);
        if (!page)
          throw std::runtime_error{page.error().message};
        if (page->empty())
          break;
        for (auto& e : *page) {
          if (e.position > up_to)
            break;
          at = e.position;
          auto c = renderer.render(e);
          if (!c)
            continue;
          // Sent already on a topic held before, live at that change.
          bool sent = std::any_of(held.begin(), held.end(), [&](auto& h) {
            return c->position > h.live_after && sees(who, h.t, *c);
          });
          if (auto* t = seen_on(who, topics, *c); t && !sent)
            frames.push_back(frame_for(who, *t, *c));
        }
        if (page->back().position >= up_to)
          break;
      }
    } catch (const std::exception& e) {
      spdlog::warn("live replay: {}", e.what());
      return done(std::string{"the feed cannot be read now: reload over REST"});
    }
    done(std::move(frames));
  };
  if (!replays_->try_run(std::move(job)))
    done(std::string{"too many replays at once: reload over REST"});
}

void hub::admin_active(const std::string& id,
                       std::function<void(std::optional<bool>)> done) {
  {
    std::lock_guard guard{mtx_};
    auto i = admins_.find(id);
    if (i != admins_.end()
        && std::chrono::steady_clock::now() - i->second.checked
             < admin_status_ttl)
      return done(i->second.active);
  }
  bool posted = checks_->try_run([this, id, done](db_handles& h) {
    auto active = h.accounts.user_active(id);
    if (active) {
      std::lock_guard guard{mtx_};
      if (admins_.size() > 10000)
        admins_.clear();
      admins_[id] = {*active, std::chrono::steady_clock::now()};
    }
    done(active ? std::optional<bool>{*active} : std::nullopt);
  });
  if (!posted)
    done(std::nullopt);
}

void hub::close_all() {
  std::vector<std::shared_ptr<sink>> all;
  {
    std::lock_guard guard{mtx_};
    stopping_ = true;
    for (auto& [_, en] : entries_)
      if (auto s = en.s.lock())
        all.push_back(std::move(s));
  }
  for (auto& s : all)
    s->close(1001, "server shutting down");
}

std::int64_t hub::connections() const {
  std::lock_guard guard{mtx_};
  return static_cast<std::int64_t>(entries_.size());
}

} // namespace souk::live
