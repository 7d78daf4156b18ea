#include "http/ticket_uploads.hpp"

#include <array>
#include <cctype>

namespace souk {

namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

bool looks_like_svg(std::string_view bytes) {
  auto head = bytes.substr(0, 1024);
  auto start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos)
    return false;
  head = head.substr(start);
  return starts_with(head, "<?xml") || starts_with(head, "<svg")
         || starts_with(head, "<!DOCTYPE svg");
}

struct file_type {
  std::string_view media;
  bool (*matches)(std::string_view);
  /// What a saved file of the type is called: the name's own extension is
  /// replaced, so a checked PDF is never saved as "brief.hta".
  std::string_view extension;
};

bool png(std::string_view b) {
  return starts_with(b, "\x89PNG\r\n\x1a\n");
}
bool jpeg(std::string_view b) {
  return starts_with(b, "\xFF\xD8\xFF");
}
bool gif(std::string_view b) {
  return starts_with(b, "GIF8");
}
bool webp(std::string_view b) {
  return b.size() >= 12 && starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP";
}
bool tiff(std::string_view b) {
  return starts_with(b, std::string_view{"II*\0", 4})
         || starts_with(b, std::string_view{"MM\0*", 4});
}
bool pdf(std::string_view b) {
  return starts_with(b, "%PDF-");
}
bool postscript(std::string_view b) {
  return starts_with(b, "%!PS") || starts_with(b, "\xC5\xD0\xD3\xC6");
}
// Illustrator files are PDFs (or PostScript) inside.
bool illustrator(std::string_view b) {
  return pdf(b) || postscript(b);
}

constexpr std::array<file_type, 9> types{{
  {"image/png", png, ".png"},
  {"image/jpeg", jpeg, ".jpg"},
  {"image/gif", gif, ".gif"},
  {"image/webp", webp, ".webp"},
  {"image/tiff", tiff, ".tif"},
  {"application/pdf", pdf, ".pdf"},
  {"application/postscript", postscript, ".eps"},
  {"application/illustrator", illustrator, ".ai"},
  {"image/svg+xml", looks_like_svg, ".svg"},
}};

const file_type* find_type(std::string_view media) {
  for (auto& t : types)
    if (t.media == media)
      return &t;
  return nullptr;
}

std::string accepted_list() {
  std::string out;
  for (auto& t : types)
    out += (out.empty() ? "" : ", ") + std::string{t.media};
  return out;
}

} // namespace

std::string media_type(std::string_view content_type) {
  auto end = content_type.find(';');
  auto media = content_type.substr(0, end);
  while (!media.empty() && media.back() == ' ')
    media.remove_suffix(1);
  std::string out;
  for (char c : media)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<upload_refusal> check_upload(std::string_view content_type,
                                           std::string_view bytes,
                                           std::int64_t max_bytes) {
  if (bytes.empty())
    return upload_refusal{http::status::bad_request,
                          "The file is empty: send its bytes as the body"};
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes)
    return upload_refusal{http::status::payload_too_large,
                          "The file is larger than " + std::to_string(max_bytes)
                            + " bytes"};
  auto media = media_type(content_type);
  if (auto* t = find_type(media)) {
    if (!t->matches(bytes))
      return upload_refusal{http::status::bad_request,
                            "The file's content is not " + media};
    return std::nullopt;
  }
  return upload_refusal{http::status::unsupported_media_type,
                        "Files of type '" + media.substr(0, 100)
                          + "' are not accepted; send one of: "
                          + accepted_list()};
}

namespace {

// U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: they reorder what a
// name shows ("gpj.exe" shown as "exe.jpg").
bool direction_mark(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xE2)
    return false;
  auto b1 = static_cast<unsigned char>(s[i + 1]);
  auto b2 = static_cast<unsigned char>(s[i + 2]);
  return (b1 == 0x80
          && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE)))
         || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

// `s` cut to at most `n` bytes, not inside a UTF-8 sequence.
std::string cut(std::string s, std::size_t n) {
  if (s.size() <= n)
    return s;
  s.resize(n);
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80)
    s.pop_back();
  if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0)
    s.pop_back();
  return s;
}

} // namespace

std::string safe_filename(std::string_view name,
                          std::string_view content_type) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name = name.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto u = static_cast<unsigned char>(name[i]);
    if (direction_mark(name, i)) {
      i += 2;
      continue;
    }
    if (u < 0x20 || u == 0x7f || name[i] == '"')
      continue;
    out += name[i];
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' '))
    out.erase(out.begin());
  auto* t = find_type(media_type(content_type));
  std::string ext = t ? std::string{t->extension} : std::string{};
  if (auto dot = out.rfind('.'); dot != std::string::npos)
    out.erase(dot);
  out = cut(std::move(out), 200 - ext.size());
  return (out.empty() ? std::string{"file"} : out) + ext;
}

std::string cut_text(std::string text, std::size_t max_bytes) {
  return cut(std::move(text), max_bytes);
}

std::string content_disposition(std::string_view filename) {
  std::string ascii;
  std::string encoded;
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char c : filename) {
    auto u = static_cast<unsigned char>(c);
    ascii += (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') ? c : '_';
    if (std::isalnum(u) || c == '.' || c == '-' || c == '_')
      encoded += c;
    else {
      encoded += '%';
      encoded += hex[u >> 4];
      encoded += hex[u & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

} // namespace souk
