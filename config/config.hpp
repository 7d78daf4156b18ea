#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/expected.hpp"

namespace souk {

/// The HTTP listener.
struct http_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9000;
  int threads = 2;
  /// Browser origins allowed to call the API (CORS); "*" for any.
  std::vector<std::string> cors_origins;
  /// How long a client may take to send a whole request (slow clients).
  std::chrono::milliseconds read_timeout{30000};
  /// On SIGTERM, how long requests in flight may take to finish.
  std::chrono::milliseconds shutdown_grace{10000};
  /// How long a client may take to read an answer.
  std::chrono::milliseconds write_timeout{30000};
  /// Most connections open at once; past it new ones are closed at once.
  int max_connections = 10000;
};

/// The web UI souk serves (docs/web.md).
struct web_config {
  /// The built UI (`web/dist`); empty: none. No default: a folder taken
  /// from wherever souk happens to start would serve its scripts.
  std::string dir;
  /// The publishable key the built-in storefront uses; empty: the shop's
  /// only one.
  std::string storefront_key;
};

/// Where the data lives.
struct database_config {
  /// libpq URL of an existing server; empty means the embedded cluster.
  std::string url;
  /// Everything souk keeps on disk; the embedded cluster is `<data_dir>/pg`.
  std::string data_dir = "./var";
  /// Directory of initdb/pg_ctl; empty means the newest
  /// /usr/lib/postgresql/*/bin.
  std::string pg_bin_dir;
  /// The unprivileged user that runs the embedded cluster when souk is root.
  std::string pg_user = "postgres";
};

/// The group-commit writer.
struct event_store_config {
  /// Most appends committed in one transaction.
  int batch_max = 512;
  /// Most appends waiting; past it, appends fail with `overloaded`.
  int queue_limit = 20000;
  /// How long a dropped connection may take to come back before in-flight
  /// appends are answered `outcome_unknown`.
  std::chrono::milliseconds reconnect_timeout{10000};
};

/// Where notifications (e-mail) go.
struct notifications_config {
  /// "local": recorded in the notifications table and the log only (the
  /// default: the demo needs no mail server); "smtp": sent by e-mail.
  std::string provider = "local";
  std::string smtp_host = "127.0.0.1";
  int smtp_port = 25;
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_from = "souk@localhost";
  /// Upgrade with STARTTLS and refuse to send when the server does not offer
  /// it. Unless set explicitly, true exactly when a user or password is set
  /// (a password never travels in plaintext); explicitly false with a
  /// password is a configuration error.
  bool smtp_starttls = false;
  bool smtp_verify_tls = true;
  /// Where the storefront lives, for the links in e-mails (no trailing /).
  std::string storefront_url = "http://localhost:9000";
};

/// The tickets module.
struct tickets_config {
  /// Largest file a customer or support may attach to a ticket.
  std::int64_t max_file_bytes = 10 * 1024 * 1024;
};

/// Live updates over WebSocket (GET /ws, docs/live.md).
struct live_config {
  /// Frames and bytes a connection may have waiting to be sent; a client
  /// past either is too slow and is closed (1013).
  std::int64_t queue_frames = 256;
  std::int64_t queue_bytes = 1024 * 1024;
  /// How many of the newest events a client coming back with `since` can
  /// have replayed; from further back it is told to resync.
  std::int64_t replay_window = 10000;
  /// Live connections one admin user or customer may hold.
  std::int64_t per_viewer = 32;
};

/// The workflow engine.
struct workflow_config {
  /// Threads for workflow steps that block (e-mail, outside calls).
  int step_threads = 4;
};

/// Everything souk can be told, validated. Built once at start-up and
/// passed down by parts; nothing reads it globally later.
struct config {
  http_config http;
  database_config database;
  event_store_config event_store;
  notifications_config notifications;
  tickets_config tickets;
  live_config live;
  web_config web;
  workflow_config workflows;
  /// Signs bearer tokens; empty: generated and kept in the data directory.
  std::string auth_secret;
  /// When set, GET /metrics wants `Authorization: Bearer <metrics_token>`.
  std::string metrics_token;
  /// `serve` seeds the demo store and a demo admin, and writes their
  /// sign-in details to `<data_dir>/demo.json`. Off unless asked for.
  bool demo = false;
  std::string log_level = "info";
};

/// A parsed command line.
struct invocation {
  /// "serve" (default), "migrate", "user create" or "user disable".
  std::string command = "serve";
  /// For "user create" and "user disable" (e-mail only).
  std::string user_email;
  std::string user_password;
  bool help = false;
  bool version = false;
  config cfg;
};

/// Looks up an environment variable; nullopt when unset.
using env_lookup
  = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
env_lookup process_env();

/// Loads the config from defaults, then the file named by `--config` or
/// SOUK_CONFIG, then the environment (SOUK_*, DATABASE_URL, PORT), then the
/// flags. The error names the option, where the value came from and what is
/// accepted.
expected<invocation, std::string>
parse_invocation(const std::vector<std::string>& args, const env_lookup& env);

/// `souk --help`: every option with its variable, default and meaning.
std::string help_text();

} // namespace souk
