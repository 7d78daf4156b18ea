#include "config/config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace souk {

namespace {

// -- option table -------------------------------------------------------------

// Returns an error text ("expected ...") or nothing.
using setter
  = std::function<std::optional<std::string>(config&, const std::string&)>;

struct option {
  std::string name;              // flag and file key
  std::vector<std::string> envs; // first one wins
  std::string default_text;
  std::string help;
  setter set;
  /// A switch: `--name` alone means true (`--name=false` still works); it
  /// never takes the next argument as its value.
  bool is_switch = false;
};

std::optional<long long> to_int(const std::string& text) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return v;
}

template <class F>
setter ranged(long long lo, long long hi, F assign) {
  return [=](config& c, const std::string& text) -> std::optional<std::string> {
    auto v = to_int(text);
    if (!v || *v < lo || *v > hi)
      return "an integer from " + std::to_string(lo) + " to "
             + std::to_string(hi);
    assign(c, *v);
    return std::nullopt;
  };
}

std::optional<bool> to_bool(const std::string& v) {
  if (v == "true" || v == "1" || v == "yes")
    return true;
  if (v == "false" || v == "0" || v == "no")
    return false;
  return std::nullopt;
}

setter boolean(bool notifications_config::*field) {
  return
    [field](config& c, const std::string& v) -> std::optional<std::string> {
      auto b = to_bool(v);
      if (!b)
        return "true or false";
      c.notifications.*field = *b;
      return std::nullopt;
    };
}

setter text(std::string notifications_config::*field, bool may_be_empty) {
  return [field, may_be_empty](
           config& c, const std::string& v) -> std::optional<std::string> {
    if (v.empty() && !may_be_empty)
      return "a non-empty value";
    c.notifications.*field = v;
    return std::nullopt;
  };
}

const std::vector<option>& options() {
  static const std::vector<option> table = {
    {"host",
     {"SOUK_HOST"},
     "127.0.0.1",
     "address the HTTP listener binds to",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (v.empty())
         return "an IP address or host name";
       c.http.host = v;
       return std::nullopt;
     }},
    {"port",
     {"SOUK_PORT", "PORT"},
     "9000",
     "TCP port of the HTTP listener (0 picks a free one)",
     ranged(0, 65535,
            [](config& c, long long v) {
              c.http.port = static_cast<std::uint16_t>(v);
            })},
    {"http-threads",
     {"SOUK_HTTP_THREADS"},
     "2",
     "I/O threads of the HTTP listener",
     ranged(
       1, 256,
       [](config& c, long long v) { c.http.threads = static_cast<int>(v); })},
    {"read-timeout-ms",
     {"SOUK_READ_TIMEOUT_MS"},
     "30000",
     "how long a client may take to send a request before it is cut off",
     ranged(100, 600000,
            [](config& c, long long v) {
              c.http.read_timeout = std::chrono::milliseconds{v};
            })},
    {"write-timeout-ms",
     {"SOUK_WRITE_TIMEOUT_MS"},
     "30000",
     "how long a client may take to read an answer before it is cut off",
     ranged(100, 600000,
            [](config& c, long long v) {
              c.http.write_timeout = std::chrono::milliseconds{v};
            })},
    {"max-connections",
     {"SOUK_MAX_CONNECTIONS"},
     "10000",
     "most HTTP connections open at once; past it new ones are closed",
     ranged(1, 1000000,
            [](config& c, long long v) {
              c.http.max_connections = static_cast<int>(v);
            })},
    {"shutdown-grace-ms",
     {"SOUK_SHUTDOWN_GRACE_MS"},
     "10000",
     "on SIGTERM, how long requests in flight may take before souk stops",
     ranged(0, 600000,
            [](config& c, long long v) {
              c.http.shutdown_grace = std::chrono::milliseconds{v};
            })},
    {"cors-origins",
     {"SOUK_CORS_ORIGINS"},
     "(none)",
     "comma-separated browser origins allowed to call the API, or *",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       c.http.cors_origins.clear();
       size_t i = 0;
       while (i <= v.size()) {
         auto j = v.find(',', i);
         auto o
           = v.substr(i, j == std::string::npos ? std::string::npos : j - i);
         if (!o.empty())
           c.http.cors_origins.push_back(o);
         if (j == std::string::npos)
           break;
         i = j + 1;
       }
       return std::nullopt;
     }},
    {"database-url",
     {"SOUK_DATABASE_URL", "DATABASE_URL"},
     "(empty: embedded cluster)",
     "postgresql:// URL of an existing server; souk then starts none",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (!v.empty() && v.rfind("postgresql://", 0) != 0
           && v.rfind("postgres://", 0) != 0)
         return "empty or a URL starting with postgresql://";
       c.database.url = v;
       return std::nullopt;
     }},
    {"web-dir",
     {"SOUK_WEB_DIR"},
     "(none)",
     "the built web UI (web/dist, made by `make web`); none: the API only",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       c.web.dir = v;
       return std::nullopt;
     }},
    {"storefront-key",
     {"SOUK_STOREFRONT_KEY"},
     "(the only one)",
     "the publishable key the built-in storefront uses (GET /web/config)",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       c.web.storefront_key = v;
       return std::nullopt;
     }},
    {"data-dir",
     {"SOUK_DATA_DIR"},
     "./var",
     "directory for local data; the embedded cluster lives in <data-dir>/pg",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (v.empty())
         return "a directory path";
       c.database.data_dir = v;
       return std::nullopt;
     }},
    {"pg-bin-dir",
     {"SOUK_PG_BIN_DIR"},
     "(newest /usr/lib/postgresql/*/bin)",
     "where initdb and pg_ctl are",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       c.database.pg_bin_dir = v;
       return std::nullopt;
     }},
    {"pg-user",
     {"SOUK_PG_USER"},
     "postgres",
     "system user that runs the embedded cluster when souk runs as root",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (v.empty())
         return "a system user name";
       c.database.pg_user = v;
       return std::nullopt;
     }},
    {"batch-max",
     {"SOUK_BATCH_MAX"},
     "512",
     "most appends committed in one transaction (group commit)",
     ranged(1, 100000,
            [](config& c, long long v) {
              c.event_store.batch_max = static_cast<int>(v);
            })},
    {"append-queue-limit",
     {"SOUK_APPEND_QUEUE_LIMIT"},
     "20000",
     "most appends waiting to commit; past it appends fail 'overloaded'",
     ranged(1, 10000000,
            [](config& c, long long v) {
              c.event_store.queue_limit = static_cast<int>(v);
            })},
    {"reconnect-timeout-ms",
     {"SOUK_RECONNECT_TIMEOUT_MS"},
     "10000",
     "how long in-flight appends wait for a dropped connection to return",
     ranged(0, 600000,
            [](config& c, long long v) {
              c.event_store.reconnect_timeout = std::chrono::milliseconds{v};
            })},
    {"notifications",
     {"SOUK_NOTIFICATIONS"},
     "local",
     "where notifications go: local (a table and the log) or smtp",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (v != "local" && v != "smtp")
         return "local or smtp";
       c.notifications.provider = v;
       return std::nullopt;
     }},
    {"smtp-host",
     {"SOUK_SMTP_HOST"},
     "127.0.0.1",
     "SMTP server for notifications=smtp",
     text(&notifications_config::smtp_host, false)},
    {"smtp-port",
     {"SOUK_SMTP_PORT"},
     "25",
     "SMTP server port",
     ranged(1, 65535,
            [](config& c, long long v) {
              c.notifications.smtp_port = static_cast<int>(v);
            })},
    {"smtp-user",
     {"SOUK_SMTP_USER"},
     "(none: no AUTH)",
     "SMTP user for AUTH PLAIN (sent only over TLS)",
     text(&notifications_config::smtp_user, true)},
    {"smtp-password",
     {"SOUK_SMTP_PASSWORD"},
     "(none)",
     "SMTP password",
     text(&notifications_config::smtp_password, true)},
    {"smtp-from",
     {"SOUK_SMTP_FROM"},
     "souk@localhost",
     "sender of notification e-mails, e.g. \"Shop <orders@shop.example>\"",
     text(&notifications_config::smtp_from, false)},
    {"storefront-url",
     {"SOUK_STOREFRONT_URL"},
     "http://localhost:9000",
     "the storefront's address, for links in e-mails",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (!v.starts_with("http://") && !v.starts_with("https://"))
         return "an http(s) URL";
       auto url = v;
       while (url.ends_with("/"))
         url.pop_back();
       c.notifications.storefront_url = url;
       return std::nullopt;
     }},
    {"ticket-max-file-bytes",
     {"SOUK_TICKET_MAX_FILE_BYTES"},
     "10485760",
     "largest file attached to a ticket (bytes)",
     ranged(1, 256LL * 1024 * 1024,
            [](config& c, long long v) { c.tickets.max_file_bytes = v; })},
    {"ws-queue-frames",
     {"SOUK_WS_QUEUE_FRAMES"},
     "256",
     "frames a live connection may have waiting before it is closed as too "
     "slow",
     ranged(1, 1000000,
            [](config& c, long long v) { c.live.queue_frames = v; })},
    {"ws-queue-bytes",
     {"SOUK_WS_QUEUE_BYTES"},
     "1048576",
     "bytes a live connection may have waiting before it is closed as too "
     "slow",
     ranged(1024, 1024LL * 1024 * 1024,
            [](config& c, long long v) { c.live.queue_bytes = v; })},
    {"ws-per-viewer",
     {"SOUK_WS_PER_VIEWER"},
     "32",
     "live connections one admin user or customer may hold",
     ranged(1, 1000000, [](config& c, long long v) { c.live.per_viewer = v; })},
    {"ws-replay-window",
     {"SOUK_WS_REPLAY_WINDOW"},
     "10000",
     "newest events a reconnecting live client can have replayed",
     ranged(1, 10000000,
            [](config& c, long long v) { c.live.replay_window = v; })},
    {"smtp-starttls",
     {"SOUK_SMTP_STARTTLS"},
     "true when smtp-user or smtp-password is set, else false",
     "upgrade SMTP connections with STARTTLS; refuse to send if not offered",
     boolean(&notifications_config::smtp_starttls)},
    {"smtp-verify-tls",
     {"SOUK_SMTP_VERIFY_TLS"},
     "true",
     "check the SMTP server's certificate",
     boolean(&notifications_config::smtp_verify_tls)},
    {"step-threads",
     {"SOUK_STEP_THREADS"},
     "4",
     "threads for workflow steps that block (e-mail, outside calls)",
     ranged(1, 256,
            [](config& c, long long v) {
              c.workflows.step_threads = static_cast<int>(v);
            })},
    {"auth-secret",
     {"SOUK_AUTH_SECRET"},
     "(generated into <data-dir>/auth-secret)",
     "key that signs bearer tokens (HS256); at least 32 characters",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (!v.empty() && v.size() < 32)
         return "at least 32 characters";
       c.auth_secret = v;
       return std::nullopt;
     }},
    {"metrics-token",
     {"SOUK_METRICS_TOKEN"},
     "(none: /metrics is open)",
     "bearer token GET /metrics wants; at least 16 characters",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       if (!v.empty() && v.size() < 16)
         return "at least 16 characters";
       c.metrics_token = v;
       return std::nullopt;
     }},
    {"demo",
     {"SOUK_DEMO"},
     "false",
     "switch: serve seeds a demo store and admin (see <data-dir>/demo.json)",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       auto b = to_bool(v);
       if (!b)
         return "true or false";
       c.demo = *b;
       return std::nullopt;
     },
     true},
    {"log-level",
     {"SOUK_LOG_LEVEL"},
     "info",
     "one of trace, debug, info, warn, error",
     [](config& c, const std::string& v) -> std::optional<std::string> {
       for (auto level : {"trace", "debug", "info", "warn", "error"})
         if (v == level) {
           c.log_level = v;
           return std::nullopt;
         }
       return "one of trace, debug, info, warn, error";
     }},
  };
  return table;
}

const option* find_option(const std::string& name) {
  for (auto& opt : options())
    if (opt.name == name)
      return &opt;
  return nullptr;
}

std::optional<std::string> apply(config& c, const option& opt,
                                 const std::string& value,
                                 const std::string& source) {
  if (auto expected = opt.set(c, value))
    return "invalid value '" + value + "' for " + opt.name + " (from " + source
           + "): expected " + *expected;
  return std::nullopt;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// File format: `key = value` lines, `#` comments, keys as the flags.
std::optional<std::string> load_file(config& c, const std::string& path,
                                     std::set<std::string>& given) {
  std::ifstream in{path};
  if (!in)
    return "cannot read config file '" + path + "'";
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    auto eq = line.find('=');
    auto where = path + ":" + std::to_string(n);
    if (eq == std::string::npos)
      return where + ": expected 'key = value'";
    auto key = trim(line.substr(0, eq));
    auto opt = find_option(key);
    if (!opt)
      return where + ": unknown option '" + key + "' (see souk --help)";
    if (auto err = apply(c, *opt, trim(line.substr(eq + 1)), where))
      return err;
    given.insert(key);
  }
  return std::nullopt;
}

// Defaults that depend on other options, and combinations that cannot work.
std::optional<std::string> finish(config& c,
                                  const std::set<std::string>& given) {
  auto& n = c.notifications;
  bool credentials = !n.smtp_user.empty() || !n.smtp_password.empty();
  if (!given.count("smtp-starttls"))
    n.smtp_starttls = credentials;
  else if (credentials && !n.smtp_starttls)
    return std::string{"smtp-starttls is false but smtp-user or smtp-password "
                       "is set: souk sends SMTP credentials only over TLS"};
  return std::nullopt;
}

} // namespace

env_lookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (auto v = std::getenv(name.c_str()))
      return std::string{v};
    return std::nullopt;
  };
}

expected<invocation, std::string>
parse_invocation(const std::vector<std::string>& args, const env_lookup& env) {
  invocation inv;
  // Split the flags first: the config file must be applied before the
  // environment, and both before the flags.
  std::optional<std::string> file = env("SOUK_CONFIG");
  std::vector<std::pair<const option*, std::string>> flags;
  bool have_command = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      inv.help = true;
      continue;
    }
    if (arg == "--version") {
      inv.version = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      if (have_command)
        return "unexpected argument '" + arg + "' (see souk --help)";
      if (arg == "user") {
        if (i + 1 >= args.size()
            || (args[i + 1] != "create" && args[i + 1] != "disable"))
          return std::string{"expected 'souk user create --email E "
                             "--password P' or 'souk user disable --email E'"};
        inv.command = "user " + args[i + 1];
        ++i;
        have_command = true;
        continue;
      }
      if (arg != "serve" && arg != "migrate") {
        // A module's command is two words ("tickets backfill"); whether
        // a module has it is known once the modules are (souk_main).
        if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
          return "unknown command '" + arg
                 + "': expected serve, migrate, user create, user disable"
                   " or a module's command (see souk --help)";
        inv.command = arg + " " + args[++i];
        have_command = true;
        continue;
      }
      inv.command = arg;
      have_command = true;
      continue;
    }
    auto body = arg.substr(2);
    std::string name = body;
    std::optional<std::string> value;
    auto eq = body.find('=');
    if (eq != std::string::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
    }
    auto opt = find_option(name);
    if (!value && opt && opt->is_switch)
      value = "true";
    else if (!value && i + 1 < args.size())
      value = args[++i];
    if (!value)
      return "option --" + name + " needs a value";
    if (name == "config") {
      file = *value;
      continue;
    }
    if ((inv.command == "user create" && name == "password")
        || (inv.command.rfind("user ", 0) == 0 && name == "email")) {
      (name == "email" ? inv.user_email : inv.user_password) = *value;
      continue;
    }
    if (!opt)
      return "unknown option '--" + name + "' (see souk --help)";
    flags.emplace_back(opt, *value);
  }
  std::set<std::string> given; // options set anywhere but by their default
  if (file)
    if (auto err = load_file(inv.cfg, *file, given))
      return *err;
  for (auto& opt : options())
    for (auto& var : opt.envs)
      if (auto v = env(var)) {
        if (auto err = apply(inv.cfg, opt, *v, var))
          return *err;
        given.insert(opt.name);
        break;
      }
  for (auto& [opt, value] : flags) {
    if (auto err = apply(inv.cfg, *opt, value, "--" + opt->name))
      return *err;
    given.insert(opt->name);
  }
  if (auto err = finish(inv.cfg, given))
    return *err;
  return inv;
}

std::string help_text() {
  std::ostringstream out;
  out << "usage: souk [serve|migrate] [--option value ...]\n"
         "\n"
         "commands:\n"
         "  serve    start the embedded PostgreSQL (unless --database-url),\n"
         "           migrate and serve HTTP (default); with --demo, seed a\n"
         "           demo store and admin first\n"
         "  migrate  apply pending migrations and exit\n"
         "\n"
         "Each option is read from, lowest first: its default, the config\n"
         "file (--config FILE or SOUK_CONFIG; lines 'key = value'), the\n"
         "environment variable, then the flag.\n"
         "\n"
         "options:\n";
  for (auto& opt : options()) {
    out << "  --" << opt.name << " (";
    for (size_t i = 0; i < opt.envs.size(); ++i)
      out << (i ? ", " : "") << opt.envs[i];
    out << ")\n      " << opt.help << "\n      default: " << opt.default_text
        << "\n";
  }
  out << "  --config FILE (SOUK_CONFIG)\n      config file to read\n"
         "  --help, --version\n";
  return out.str();
}

} // namespace souk
