#include "http/live_session.hpp"

#include <deque>

#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include "actors/runtime/units.hpp"
#include "http/response.hpp"
#include "http/services.hpp"
#include "http/tokens.hpp"

namespace souk {

namespace {

namespace websocket = beast::websocket;
using live::held_topic;
using live::topic;

// Close codes of the protocol (docs/live.md); 4401 is ours, as HTTP's 401.
constexpr std::uint16_t close_unauthorized = 4401;
constexpr std::uint16_t close_policy = 1008;
constexpr std::uint16_t close_try_later = 1013;
// A close that does not finish by then (a client that never reads) ends
// with the TCP connection.
constexpr auto close_grace = std::chrono::seconds{2};

bool origin_allowed(const http_request& req,
                    const std::vector<std::string>& allowed) {
  auto origin = to_std(req[http::field::origin]);
  if (origin.empty()) // not a browser
    return true;
  auto host = std::string{to_std(req[http::field::host])};
  if (origin == "http://" + host || origin == "https://" + host)
    return true;
  for (auto& a : allowed)
    if (a == "*" || a == origin)
      return true;
  return false;
}

// Answers the upgrade request with `res` instead, and closes.
void refuse(beast::tcp_stream&& stream, http_response res) {
  auto out = std::make_shared<http_response>(std::move(res));
  out->keep_alive(false);
  out->prepare_payload();
  auto s = std::make_shared<beast::tcp_stream>(std::move(stream));
  s->expires_after(std::chrono::seconds{5});
  http::async_write(*s, *out, [s, out](beast::error_code, std::size_t) {
    beast::error_code ignored;
    s->socket().shutdown(tcp::socket::shutdown_both, ignored);
  });
}

class session : public live::sink,
                public std::enable_shared_from_this<session> {
public:
  session(beast::tcp_stream&& stream, services& ctx,
          std::shared_ptr<live::hub> hub)
    : ws_(std::move(stream)), ctx_(ctx), hub_(std::move(hub)),
      opts_(hub_->opts()), auth_timer_(ws_.get_executor()),
      expiry_timer_(ws_.get_executor()), recheck_timer_(ws_.get_executor()),
      close_timer_(ws_.get_executor()) {
    // nop
  }

  ~session() override { hub_->remove(this); }

  void start(http_request&& req) {
    req_ = std::move(req);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds{5};
    t.idle_timeout = opts_.idle_timeout;
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.set_option(
      websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "souk");
      }));
    ws_.read_message_max(opts_.max_frame_bytes);
    hub_->add(shared_from_this());
    ws_.async_accept(req_, [self = shared_from_this()](beast::error_code ec) {
      self->on_accept(ec);
    });
  }

  void push(live::frame_ptr frame) override {
    net::post(ws_.get_executor(),
              [self = shared_from_this(), frame = std::move(frame)] {
                self->push_live(std::move(frame));
              });
  }

  void close(std::uint16_t code, std::string reason) override {
    net::post(ws_.get_executor(),
              [self = shared_from_this(), code, reason = std::move(reason)] {
                self->close_with(code, reason);
              });
  }

private:
  bool over() const { return done_ || close_code_ != 0; }

  void on_accept(beast::error_code ec) {
    if (ec)
      return;
    // A bearer token on the upgrade (server-side clients); browsers send
    // the auth frame instead, within the time allowed.
    auto h = to_std(req_[http::field::authorization]);
    constexpr std::string_view bearer = "Bearer ";
    if (h.starts_with(bearer)) {
      authenticate(std::string{h.substr(bearer.size())},
                   std::string{to_std(req_["x-publishable-api-key"])});
    } else {
      auth_timer_.expires_after(opts_.auth_timeout);
      auth_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e && !self->authenticated_ && !self->authenticating_)
          self->close_with(close_unauthorized,
                           "no auth frame in time: send {\"type\":\"auth\","
                           "\"token\":...} first");
      });
    }
    read();
  }

  void read() {
    ws_.async_read(
      buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->on_read(ec);
      });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      // Closed, timed out, too large (Beast answered 1009).
      done_ = true;
      auth_timer_.cancel();
      expiry_timer_.cancel();
      recheck_timer_.cancel();
      return;
    }
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (!ws_.got_text())
      strike("Frames are JSON text, not binary");
    else
      handle(live::parse_client_frame(text));
    // One subscribe at a time: the next frame is read once it is decided.
    if (deciding_)
      paused_ = true;
    else if (!done_)
      read();
  }

  void strike(const std::string& message, const std::string& code = "invalid",
              const std::string& topic = {}) {
    send_now(live::error_frame(code, message, topic));
    if (++strikes_ >= opts_.max_strikes)
      close_with(close_policy, "too many bad frames");
  }

  void handle(live::client_frame f) {
    if (auto* bad = std::get_if<live::bad_frame>(&f))
      return strike(bad->message);
    if (auto* a = std::get_if<live::auth_frame>(&f)) {
      if (authenticated_ || authenticating_)
        return strike("Already authenticated");
      return authenticate(a->token,
                          a->publishable_key.empty()
                            ? std::string{to_std(req_["x-publishable-api-key"])}
                            : a->publishable_key);
    }
    if (!authenticated_)
      return strike("Authenticate first: {\"type\":\"auth\",\"token\":...}");
    if (std::holds_alternative<live::ping_frame>(f))
      return send_now(live::pong_frame());
    if (auto* u = std::get_if<live::unsubscribe_frame>(&f)) {
      std::vector<topic> drop;
      for (auto& name : u->topics)
        if (auto t = live::parse_topic(name))
          drop.push_back(*t);
      hub_->unsubscribe(this, drop);
      std::erase_if(held_, [&](const held_topic& h) {
        return std::find(drop.begin(), drop.end(), h.t) != drop.end();
      });
      return send_now(live::unsubscribed_frame(u->topics));
    }
    subscribe(std::get<live::subscribe_frame>(std::move(f)));
  }

  void authenticate(const std::string& token, const std::string& key) {
    auto claims = verify_token(token, ctx_.auth_secret, now_ms() / 1000);
    if (!claims || claims->actor_id.empty()
        || (claims->actor_type != "user" && claims->actor_type != "customer"))
      return close_with(close_unauthorized, "invalid or expired token");
    if (claims->actor_type == "customer" && !ctx_.sales_channel_of(key))
      return close_with(close_unauthorized,
                        key.empty() ? "a customer needs a publishable key"
                                    : "unknown publishable key");
    live::viewer who{claims->actor_type == "user", claims->actor_id};
    if (!who.admin)
      return ready(std::move(who), claims->exp);
    authenticating_ = true;
    check_admin(who, [who, exp = claims->exp](session& self) {
      self.authenticating_ = false;
      self.ready(who, exp);
    });
  }

  // Whether the admin user is still active (as REST asks on every call):
  // `then` when it is, else closed; on the strand.
  void check_admin(const live::viewer& who,
                   std::function<void(session&)> then) {
    hub_->admin_active(who.id, [self = shared_from_this(),
                                then = std::move(then)](std::optional<bool> a) {
      net::post(self->ws_.get_executor(), [self, then, a] {
        if (self->over())
          return;
        if (!a) // the database is away: the token may be fine
          return self->close_with(close_try_later, "busy: try again");
        if (!*a)
          return self->close_with(close_unauthorized,
                                  "invalid or expired token");
        then(*self);
      });
    });
  }

  void ready(live::viewer who, std::int64_t exp_s) {
    if (over())
      return;
    if (hub_->connections_of(who) >= opts_.max_connections_per_viewer)
      return close_with(close_policy, "too many live connections");
    who_ = std::move(who);
    authenticated_ = true;
    auth_timer_.cancel();
    // Closed when the token expires (a client reconnects with a new one).
    expiry_timer_.expires_after(
      std::chrono::milliseconds{exp_s * 1000 - now_ms()});
    expiry_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e)
        self->close_with(close_unauthorized, "token expired");
    });
    if (who_.admin)
      recheck();
    // Counted in the hub from now (its per-viewer limit).
    hub_->subscribe(this, who_, {});
    send_now(live::ready_frame(who_.admin ? "admin" : "customer"));
  }

  // A disabled admin user's sockets close within `admin_recheck`.
  void recheck() {
    recheck_timer_.expires_after(opts_.admin_recheck);
    recheck_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (e || self->over())
        return;
      self->check_admin(self->who_, [](session& s) { s.recheck(); });
    });
  }

  // What one subscribe frame asked, topic by topic, while each is decided.
  struct subscription {
    std::optional<std::int64_t> since;
    std::size_t left = 0;
    std::vector<topic> topics;
    std::vector<std::string> names;
  };

  // Checks each topic (rights, then ownership for one ticket or order),
  // then adds those allowed; an error frame for each of the others.
  void subscribe(live::subscribe_frame f) {
    auto pending = std::make_shared<subscription>();
    pending->since = f.since;
    pending->left = f.topics.size();
    deciding_ = true;
    for (auto& name : f.topics) {
      auto t = live::parse_topic(name);
      if (!t) {
        decided(pending, name, std::nullopt, "invalid",
                "Unknown topic: expected tickets, orders, tickets:<id> or "
                "orders:<id>");
        continue;
      }
      if (t->id.empty()) { // all of a kind: filtered to the viewer's own
        decided(pending, name, *t);
        continue;
      }
      auto owners = ctx_.owners().find(
        t->what == topic::kind::tickets ? "ticket" : "order");
      if (owners == ctx_.owners().end()) {
        decided(pending, name, std::nullopt, "invalid", "Not served here");
        continue;
      }
      owners->second.find(t->id, [self = shared_from_this(), pending, name,
                                  t = *t](owner_answer owner) {
        net::post(self->ws_.get_executor(), [self, pending, name, t, owner] {
          self->owner_found(pending, name, t, owner);
        });
      });
    }
  }

  void owner_found(const std::shared_ptr<subscription>& s,
                   const std::string& name, const topic& t,
                   const owner_answer& owner) {
    if (!owner)
      return decided(s, name, std::nullopt, "unavailable",
                     "Cannot check this topic now; retry");
    bool exists = owner->has_value();
    bool mine
      = exists && (who_.admin || (!(*owner)->empty() && **owner == who_.id));
    if (mine)
      return decided(s, name, t);
    if (who_.admin)
      return decided(s, name, std::nullopt, "invalid",
                     t.what == topic::kind::tickets ? "No such ticket"
                                                    : "No such order");
    // Another's or none at all: the same answer, and a strike.
    decided(s, name, std::nullopt, "forbidden", "Not yours to follow");
  }

  // One topic of `s` decided: `t` when allowed, else the error to send.
  void decided(const std::shared_ptr<subscription>& s, const std::string& name,
               std::optional<topic> t, const char* code = "",
               const std::string& message = "") {
    if (done_)
      return;
    auto held = [&](const topic& x) {
      return std::any_of(held_.begin(), held_.end(),
                         [&](auto& h) { return h.t == x; })
             || std::find(s->topics.begin(), s->topics.end(), x)
                  != s->topics.end();
    };
    if (!t) {
      if (std::string_view{code} == "forbidden")
        strike(message, code, name);
      else
        send_now(live::error_frame(code, message, name));
    } else if (held(*t)) {
      s->names.push_back(name); // confirmed again
    } else if (held_.size() + s->topics.size() >= opts_.max_subscriptions) {
      send_now(live::error_frame("invalid",
                                 "At most "
                                   + std::to_string(opts_.max_subscriptions)
                                   + " topics per connection",
                                 name));
    } else {
      s->topics.push_back(*t);
      s->names.push_back(name);
    }
    if (--s->left == 0)
      confirm(*s);
  }

  void confirm(subscription& s) {
    deciding_ = false;
    if (paused_ && !done_) {
      paused_ = false;
      read();
    }
    if (s.names.empty())
      return; // each topic got its error
    auto before = held_;
    auto position = hub_->subscribe(this, who_, s.topics);
    for (auto& t : s.topics)
      held_.push_back({t, position});
    send_now(live::subscribed_frame(s.names, position));
    if (!s.since || s.topics.empty())
      return;
    if (replaying_) // one replay at a time: this one's client reloads
      return send_now(live::resync_frame(
        "a replay is running on this connection: reload over REST"));
    // Live from `position` on, held back until the replay up to it is out.
    replaying_ = true;
    hub_->replay(who_, s.topics, std::move(before), *s.since, position,
                 [self = shared_from_this()](live::replay_result r) {
                   net::post(self->ws_.get_executor(),
                             [self, r = std::move(r)] { self->replayed(r); });
                 });
  }

  // Live frames wait while a replay is on its way; the wait is ours, not
  // the client's, so they are bounded by the window and 16 send queues'
  // bytes, past which the client is told to resync after the replay.
  void push_live(live::frame_ptr f) {
    if (!replaying_)
      return send(std::move(f), true);
    if (over() || held_back_overflow_)
      return;
    held_back_bytes_ += f->size();
    held_back_.push_back(std::move(f));
    if (std::int64_t(held_back_.size()) > opts_.replay_window
        || held_back_bytes_ > 16 * opts_.queue_bytes) {
      held_back_overflow_ = true;
      held_back_.clear();
      held_back_bytes_ = 0;
    }
  }

  void replayed(const live::replay_result& r) {
    if (auto* resync = std::get_if<std::string>(&r))
      send_now(live::resync_frame(*resync));
    else
      // Asked for: not held to the slow-client bound (the window bounds it).
      for (auto& f : std::get<std::vector<live::frame_ptr>>(r))
        send(f, false);
    replaying_ = false;
    if (held_back_overflow_) {
      held_back_overflow_ = false;
      return send_now(live::resync_frame(
        "too many changes during the replay: reload over REST"));
    }
    // Not held to the bound either: they waited for us.
    for (auto& f : held_back_)
      send(std::move(f), false);
    held_back_.clear();
    held_back_bytes_ = 0;
  }

  void send_now(std::string text) {
    send(std::make_shared<const std::string>(std::move(text)), false);
  }

  // Queues a frame. A live push (`bounded`) finding the bounded part of
  // the queue full means a client too slow: closed.
  void send(live::frame_ptr f, bool bounded) {
    if (over())
      return;
    // One frame always fits (an entity larger than the byte bound).
    if (bounded && bounded_frames_ > 0
        && (bounded_frames_ >= opts_.queue_frames
            || bounded_bytes_ + f->size() > opts_.queue_bytes))
      return too_slow();
    if (bounded) {
      ++bounded_frames_;
      bounded_bytes_ += f->size();
    }
    queue_.push_back({std::move(f), bounded});
    if (!writing_)
      write();
  }

  void too_slow() {
    hub_->count_drop();
    close_with(close_try_later, "too slow: the send queue is full");
  }

  void write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(
      net::buffer(*queue_.front().frame),
      [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->on_write(ec);
      });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) {
      done_ = true;
      return;
    }
    pop_front();
    if (close_code_)
      return do_close();
    if (!queue_.empty())
      write();
  }

  void pop_front() {
    if (queue_.front().bounded) {
      --bounded_frames_;
      bounded_bytes_ -= queue_.front().frame->size();
    }
    queue_.pop_front();
  }

  // Closes after the frame being written (the rest of the queue dropped):
  // a close frame that cannot go out in time ends the TCP connection.
  void close_with(std::uint16_t code, std::string reason) {
    if (over() || closing_)
      return;
    close_code_ = code;
    close_reason_ = std::move(reason);
    while (queue_.size() > (writing_ ? 1 : 0)) {
      if (queue_.back().bounded) {
        --bounded_frames_;
        bounded_bytes_ -= queue_.back().frame->size();
      }
      queue_.pop_back();
    }
    held_back_.clear();
    close_timer_.expires_after(close_grace);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      }
    });
    if (!writing_)
      do_close();
  }

  void do_close() {
    closing_ = true;
    auth_timer_.cancel();
    expiry_timer_.cancel();
    recheck_timer_.cancel();
    ws_.async_close(
      websocket::close_reason{static_cast<websocket::close_code>(close_code_),
                              close_reason_},
      [self = shared_from_this()](beast::error_code) {
        self->done_ = true;
        self->close_timer_.cancel();
      });
  }

  struct queued {
    live::frame_ptr frame;
    bool bounded;
  };

  websocket::stream<beast::tcp_stream> ws_;
  services& ctx_;
  std::shared_ptr<live::hub> hub_;
  const live::options& opts_;
  http_request req_;
  beast::flat_buffer buffer_;
  net::steady_timer auth_timer_;
  net::steady_timer expiry_timer_;
  net::steady_timer recheck_timer_;
  net::steady_timer close_timer_;
  live::viewer who_;
  bool authenticated_ = false;
  bool authenticating_ = false;
  // A subscribe is being decided; reading waits for it (`paused_`).
  bool deciding_ = false;
  bool paused_ = false;
  std::vector<held_topic> held_;
  int strikes_ = 0;
  // Sending: live pushes count against the bound, answers and replays not.
  std::deque<queued> queue_;
  std::size_t bounded_frames_ = 0;
  std::size_t bounded_bytes_ = 0;
  bool writing_ = false;
  // A replay is on its way: live pushes wait here.
  bool replaying_ = false;
  std::vector<live::frame_ptr> held_back_;
  std::size_t held_back_bytes_ = 0;
  bool held_back_overflow_ = false;
  // Closing: decided (code set), close frame under way, connection gone.
  std::uint16_t close_code_ = 0;
  std::string close_reason_;
  bool closing_ = false;
  bool done_ = false;
};

} // namespace

void start_live_session(beast::tcp_stream&& stream, http_request&& req,
                        services& ctx, std::shared_ptr<live::hub> hub) {
  // Refused before the upgrade: a page of another site cannot open it.
  if (!origin_allowed(req, ctx.cfg.http.cors_origins))
    return refuse(std::move(stream),
                  error_response(http::status::forbidden, "not_allowed",
                                 "This origin may not open a live connection"));
  if (!hub->admit())
    return refuse(std::move(stream),
                  error_response(http::status::service_unavailable,
                                 "unexpected_state",
                                 "No more live connections now; retry later"));
  std::make_shared<session>(std::move(stream), ctx, std::move(hub))
    ->start(std::move(req));
}

} // namespace souk
