#include "http/http_server.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <list>
#include <mutex>
#include <unordered_map>

#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include "http/response.hpp"

namespace souk {

namespace {

constexpr std::uint32_t header_limit = 16 * 1024;
constexpr auto linger_timeout = std::chrono::seconds{5};
// Enough for a client that sends a whole refused upload (twice the largest
// file a ticket takes) before it reads the 413.
constexpr std::size_t linger_limit = 32 * 1024 * 1024;

// Bodies over the default limit (uploads) take memory before anyone is
// checked: their bytes in flight, across connections, stay within this.
constexpr std::uint64_t large_body_budget = 64 * 1024 * 1024;

class session;

// "10 MiB", "64 KiB", "1000 bytes": a limit as a client reads it.
std::string size_text(std::uint64_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0)
    return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

} // namespace

// The open connections and their requests in flight, for a graceful stop.
// A session with a request in flight is kept alive here (its answer comes
// from elsewhere); answers arriving after `stop` are dropped.
struct connections {
  std::mutex mtx;
  std::condition_variable answered;
  bool draining = false;
  bool stopped = false;
  std::list<std::weak_ptr<session>> open;
  std::unordered_map<const session*, std::shared_ptr<session>> busy;
  /// Sessions alive (open connections), for the connection cap.
  std::atomic<int> live{0};
  /// Bytes of bodies over the default limit being read or answered now,
  /// all connections together (see `large_body_budget`).
  std::atomic<std::uint64_t> large_bodies{0};

  void add(const std::shared_ptr<session>& s) {
    std::lock_guard guard{mtx};
    if (open.size() >= 64 && open.size() % 64 == 0)
      open.remove_if([](auto& w) { return w.expired(); });
    open.push_back(s);
  }

  bool is_draining() {
    std::lock_guard guard{mtx};
    return draining;
  }

  void started(std::shared_ptr<session> s) {
    std::lock_guard guard{mtx};
    busy.emplace(s.get(), std::move(s));
  }

  void finished(const session* s) {
    std::shared_ptr<session> last; // released outside the lock
    std::lock_guard guard{mtx};
    if (auto it = busy.find(s); it != busy.end()) {
      last = std::move(it->second);
      busy.erase(it);
    }
    if (busy.empty())
      answered.notify_all();
  }
};

namespace {

// One connection: read a request, answer it, repeat while keep-alive.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, std::shared_ptr<request_handler> handler,
          std::shared_ptr<body_limit_for> limit,
          std::shared_ptr<upgrade_handler> upgrade,
          std::shared_ptr<connections> all, const http_config& cfg)
    : stream_(std::move(socket)), handler_(std::move(handler)),
      limit_(std::move(limit)), upgrade_(std::move(upgrade)),
      all_(std::move(all)), read_timeout_(cfg.read_timeout),
      write_timeout_(cfg.write_timeout) {
    ++all_->live;
  }

  ~session() {
    release();
    --all_->live;
  }

  void run() {
    // Start on the connection's strand.
    net::dispatch(
      stream_.get_executor(),
      beast::bind_front_handler(&session::do_read, shared_from_this()));
  }

  /// The server is stopping: an idle connection closes now, a busy one
  /// after its answer.
  void drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_)
        self->stream_.socket().cancel();
    });
  }

private:
  void do_read() {
    if (all_->is_draining())
      return do_close();
    parser_.emplace();
    parser_->header_limit(header_limit);
    // No body limit until the header says which route is asked: Beast
    // checks a Content-Length against the limit while parsing the header.
    // (Not `boost::none`: Beast 1.74 compares a length with it as greater.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // One deadline for header and body together, as for one read.
    stream_.expires_after(read_timeout_);
    http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec)
      return on_read(ec, 0);
    body_limit_ = default_body_limit;
    try {
      body_limit_ = (*limit_)(parser_->get());
    } catch (const std::exception& e) {
      spdlog::error("body limit failed: {}", e.what());
    }
    // Counts down per chunk of a chunked body.
    parser_->body_limit(body_limit_);
    // Beast checks a Content-Length against the limit only while it parses
    // the header, which is done: checked here, before any body is read.
    auto length = parser_->content_length();
    if (length && *length > body_limit_)
      return on_read(http::error::body_limit, 0);
    if (body_limit_ > default_body_limit
        && !reserve(length.value_or(body_limit_)))
      return send(error_response(http::status::service_unavailable,
                                 "unexpected_state",
                                 "Too many large uploads at once; retry"),
                  true);
    http::async_read(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  // Takes `bytes` of the large-body budget until the answer is written.
  bool reserve(std::uint64_t bytes) {
    auto& used = all_->large_bodies;
    auto now = used.load();
    do {
      if (now + bytes > large_body_budget)
        return false;
    } while (!used.compare_exchange_weak(now, now + bytes));
    reserved_ = bytes;
    return true;
  }

  void release() {
    all_->large_bodies -= reserved_;
    reserved_ = 0;
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout
        || ec == net::error::operation_aborted)
      return do_close();
    if (ec == http::error::body_limit)
      return send(
        error_response(http::status::payload_too_large, "payload_too_large",
                       "Request body is larger than " + size_text(body_limit_)),
        true);
    if (ec == http::error::header_limit)
      return send(error_response(http::status::request_header_fields_too_large,
                                 "invalid_data",
                                 "Request headers are larger than 16 KiB"),
                  true);
    if (ec) {
      if (ec.category()
          == http::make_error_code(http::error::bad_method).category())
        return send(error_response(http::status::bad_request, "invalid_data",
                                   "Malformed HTTP request"),
                    true);
      return do_close();
    }
    auto req = parser_->release();
    if (*upgrade_ && beast::websocket::is_upgrade(req)) {
      try {
        if ((*upgrade_)(stream_, req))
          return; // the connection is someone else's now
      } catch (const std::exception& e) {
        spdlog::error("upgrade failed: {}", e.what());
        return do_close();
      }
    }
    busy_ = true;
    all_->started(shared_from_this());
    // Who is at the other end, for limits; never what the client claims.
    beast::error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    req.set(client_address_header,
            peer_ec ? std::string{"unknown"} : peer.address().to_string());
    bool keep_alive = req.keep_alive();
    // The answer may come from any thread: it is written on this
    // connection's strand.
    auto respond
      = [weak = weak_from_this(), all = all_, keep_alive](http_response res) {
          std::lock_guard guard{all->mtx};
          auto self = weak.lock();
          if (!self || all->stopped)
            return;
          net::post(self->stream_.get_executor(),
                    [self, keep_alive, res = std::move(res)]() mutable {
                      bool close = !keep_alive || self->all_->is_draining();
                      res.keep_alive(!close);
                      self->send(std::move(res), close);
                    });
        };
    try {
      (*handler_)(std::move(req), respond);
    } catch (const std::exception& e) {
      spdlog::error("handler failed: {}", e.what());
      respond(error_response(http::status::internal_server_error,
                             "unknown_error", "An unknown error occurred."));
    }
  }

  void send(http_response res, bool close) {
    if (close)
      res.keep_alive(false);
    res_ = std::make_shared<http_response>(std::move(res));
    // The read deadline may have passed while the answer was made.
    stream_.expires_after(write_timeout_);
    http::async_write(
      stream_, *res_,
      beast::bind_front_handler(&session::on_write, shared_from_this(), close));
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    release();
    if (busy_) {
      busy_ = false;
      all_->finished(this);
    }
    if (ec || close)
      return do_close();
    res_.reset();
    do_read();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // Lingering close: read and drop what the client still sends (the rest
    // of a refused body), so it reads our answer instead of a reset.
    stream_.expires_after(linger_timeout);
    do_drain(0);
  }

  void do_drain(std::size_t drained) {
    if (drained > linger_limit)
      return;
    stream_.async_read_some(net::buffer(drain_buf_),
                            [self = shared_from_this(),
                             drained](beast::error_code ec, std::size_t n) {
                              if (!ec)
                                self->do_drain(drained + n);
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http_response> res_;
  std::shared_ptr<request_handler> handler_;
  std::shared_ptr<body_limit_for> limit_;
  std::shared_ptr<upgrade_handler> upgrade_;
  std::shared_ptr<connections> all_;
  /// The body limit of the request being read.
  std::uint64_t body_limit_ = default_body_limit;
  /// Bytes of the large-body budget this request holds (0: none).
  std::uint64_t reserved_ = 0;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  /// A request was read and its answer not yet written.
  bool busy_ = false;
  std::array<char, 8192> drain_buf_;
};

// Accepts connections and hands each to a session on its own strand.
class listener : public std::enable_shared_from_this<listener> {
public:
  listener(net::io_context& ioc, tcp::endpoint endpoint,
           std::shared_ptr<request_handler> handler,
           std::shared_ptr<body_limit_for> limit,
           std::shared_ptr<upgrade_handler> upgrade,
           std::shared_ptr<connections> all, const http_config& cfg)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)),
      retry_(acceptor_.get_executor()), handler_(std::move(handler)),
      limit_(std::move(limit)), upgrade_(std::move(upgrade)),
      all_(std::move(all)), cfg_(cfg) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void run() { do_accept(); }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->retry_.cancel();
    });
  }

private:
  void do_accept() {
    acceptor_.async_accept(
      net::make_strand(ioc_),
      beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open())
      return;
    if (ec) {
      // Out of descriptors (EMFILE) and the like: accepting again at once
      // would spin; wait a moment for connections to close.
      spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
      retry_.expires_after(std::chrono::milliseconds{100});
      retry_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e && self->acceptor_.is_open())
          self->do_accept();
      });
      return;
    }
    if (all_->live.load() >= cfg_.max_connections) {
      beast::error_code ignored;
      socket.close(ignored); // over the cap: refused at once
    } else if (!all_->is_draining()) {
      auto s = std::make_shared<session>(std::move(socket), handler_, limit_,
                                         upgrade_, all_, cfg_);
      all_->add(s);
      s->run();
    }
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::shared_ptr<request_handler> handler_;
  std::shared_ptr<body_limit_for> limit_;
  std::shared_ptr<upgrade_handler> upgrade_;
  std::shared_ptr<connections> all_;
  http_config cfg_;
};

} // namespace

http_server::http_server(const http_config& cfg, request_handler handler,
                         body_limit_for limit, upgrade_handler upgrade)
  : ioc_(cfg.threads), connections_(std::make_shared<connections>()) {
  if (!limit)
    limit = [](const http::request_header<>&) { return default_body_limit; };
  tcp::resolver resolver{ioc_};
  auto endpoint
    = resolver.resolve(cfg.host, std::to_string(cfg.port))->endpoint();
  auto l = std::make_shared<listener>(
    ioc_, endpoint, std::make_shared<request_handler>(std::move(handler)),
    std::make_shared<body_limit_for>(std::move(limit)),
    std::make_shared<upgrade_handler>(std::move(upgrade)), connections_, cfg);
  port_ = l->port();
  l->run();
  stop_accepting_ = [l] { l->close(); };
  for (int i = 0; i < cfg.threads; ++i)
    threads_.emplace_back([this] { ioc_.run(); });
}

http_server::~http_server() {
  stop();
}

int http_server::drain(std::chrono::milliseconds grace) {
  std::vector<std::shared_ptr<session>> open;
  {
    std::lock_guard guard{connections_->mtx};
    if (!connections_->draining) {
      connections_->draining = true;
      for (auto& w : connections_->open)
        if (auto s = w.lock())
          open.push_back(std::move(s));
    }
  }
  stop_accepting_();
  for (auto& s : open)
    s->drain();
  open.clear();
  std::unique_lock lock{connections_->mtx};
  connections_->answered.wait_for(
    lock, grace, [this] { return connections_->busy.empty(); });
  return static_cast<int>(connections_->busy.size());
}

int http_server::in_flight() const {
  std::lock_guard guard{connections_->mtx};
  return static_cast<int>(connections_->busy.size());
}

void http_server::stop() {
  {
    std::lock_guard guard{connections_->mtx};
    connections_->stopped = true;
  }
  ioc_.stop();
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
  // Sessions still waiting for an answer go while the io_context lives.
  decltype(connections_->busy) dropped;
  {
    std::lock_guard guard{connections_->mtx};
    dropped.swap(connections_->busy);
  }
}

} // namespace souk
