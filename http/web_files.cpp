#include "http/web_files.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <openssl/sha.h>

namespace souk {

namespace fs = std::filesystem;

namespace {

std::string content_type(const fs::path& p) {
  static const std::map<std::string, std::string> types{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
  };
  auto i = types.find(p.extension().string());
  return i == types.end() ? "application/octet-stream" : i->second;
}

std::string read_all(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, {}};
}

std::string etag_of(const std::string& body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(),
         digest);
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (int i = 0; i < 12; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out + "\"";
}

bool takes_gzip(std::string_view accept_encoding) {
  // "gzip, deflate, br" — a q=0 for gzip is rare enough to ignore.
  return accept_encoding.find("gzip") != std::string_view::npos;
}

} // namespace

void set_page_security_headers(http_response& res) {
  // Scripts and styles only from this origin (no inline script can run, so
  // an injected one cannot read the session's token); live updates connect
  // back to it ('self' covers ws: to the same host).
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; "
          "img-src 'self' data: blob:; connect-src 'self'; "
          "font-src 'self'; object-src 'none'; base-uri 'none'; "
          "form-action 'self'; frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

expected<web_files, std::string> web_files::load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path{dir} / "index.html", ec))
    return std::string{"no " + dir + "/index.html"};
  web_files out;
  for (auto it = fs::recursive_directory_iterator{dir, ec};
       !ec && it != fs::recursive_directory_iterator{}; it.increment(ec)) {
    // Regular files only (no symlinks out of the folder), no dot files;
    // a .gz is the compressed copy of its sibling.
    if (!it->is_regular_file() || it->is_symlink())
      continue;
    auto rel = fs::relative(it->path(), dir, ec).generic_string();
    if (ec || rel.empty() || rel[0] == '.' || rel.find("/.") != rel.npos
        || rel.ends_with(".gz"))
      continue;
    file f;
    f.body = read_all(it->path());
    f.type = content_type(it->path());
    f.etag = etag_of(f.body);
    f.immutable = rel.starts_with("assets/");
    auto gz = it->path();
    gz += ".gz";
    if (fs::is_regular_file(gz, ec) && !fs::is_symlink(gz, ec))
      f.gzip = read_all(gz);
    out.files_.emplace(std::move(rel), std::move(f));
  }
  if (ec)
    return std::string{"cannot read " + dir + ": " + ec.message()};
  return out;
}

std::optional<http_response>
web_files::serve(const std::vector<std::string>& segments,
                 std::string_view accept_encoding,
                 std::string_view if_none_match) const {
  std::string key;
  for (auto& s : segments)
    key += (key.empty() ? "" : "/") + s;
  if (auto i = files_.find(key); i != files_.end() && key != "app")
    return answer(i->second, accept_encoding, if_none_match);
  // A missing asset (anything with an extension) is a 404, not a page.
  if (!segments.empty() && segments.back().find('.') != std::string::npos)
    return std::nullopt;
  bool admin = !segments.empty() && segments[0] == "app";
  auto i = files_.find(admin ? "app/index.html" : "index.html");
  if (i == files_.end())
    return std::nullopt;
  return answer(i->second, accept_encoding, if_none_match);
}

http_response web_files::answer(const file& f, std::string_view accept_encoding,
                                std::string_view if_none_match) const {
  http_response res{http::status::ok, 11};
  set_page_security_headers(res);
  res.set(http::field::cache_control,
          f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  // The gzip body is another representation: another (strong) ETag.
  bool gzip = !f.gzip.empty() && takes_gzip(accept_encoding);
  auto etag = gzip ? f.etag.substr(0, f.etag.size() - 1) + "-gz\"" : f.etag;
  res.set(http::field::etag, etag);
  if (!f.gzip.empty())
    res.set(http::field::vary, "Accept-Encoding");
  if (!if_none_match.empty() && if_none_match == etag) {
    res.result(http::status::not_modified);
    return res;
  }
  res.set(http::field::content_type, f.type);
  if (gzip) {
    res.set(http::field::content_encoding, "gzip");
    res.body() = f.gzip;
  } else {
    res.body() = f.body;
  }
  res.prepare_payload();
  return res;
}

} // namespace souk
