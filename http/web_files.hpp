#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "http/beast.hpp"

namespace souk {

/// The built web UI (`web/dist`), read once at start-up and served from
/// memory: only the files found then exist, so no request can reach
/// anything else on disk. `/app/...` is the admin (its own index.html),
/// everything else the storefront and account; a path that names no file
/// and has no extension is a client-side route and gets its app's
/// index.html. Hashed assets (`assets/`) are cached for a year, the rest
/// revalidated by ETag; a `.gz` beside a file is sent to clients that take
/// gzip. Every answer carries the Content-Security-Policy and the other
/// security headers (docs/web.md).
class web_files {
public:
  /// The files under `dir`; an error when it holds no index.html.
  static expected<web_files, std::string> load(const std::string& dir);

  /// The answer to GET of the canonical path `segments`, or nothing (a
  /// 404): an asset that does not exist.
  std::optional<http_response> serve(const std::vector<std::string>& segments,
                                     std::string_view accept_encoding,
                                     std::string_view if_none_match) const;

  std::size_t size() const noexcept { return files_.size(); }

private:
  struct file {
    std::string body;
    std::string gzip; // empty: none
    std::string type;
    std::string etag;
    bool immutable = false;
  };
  http_response answer(const file& f, std::string_view accept_encoding,
                       std::string_view if_none_match) const;

  /// "index.html", "app/index.html", "assets/board-3f2a.js"
  std::map<std::string, file, std::less<>> files_;
};

/// The headers every page of the UI carries (CSP, nosniff, framing,
/// referrer, opener).
void set_page_security_headers(http_response& res);

} // namespace souk
