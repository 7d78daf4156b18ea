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
};

constexpr std::array<file_type, 9> types{{
  {"image/png",
   [](std::string_view b) { return starts_with(b, "\x89PNG\r\n\x1a\n"); }},
  {"image/jpeg",
   [](std::string_view b) { return starts_with(b, "\xFF\xD8\xFF"); }},
  {"image/gif", [](std::string_view b) { return starts_with(b, "GIF8"); }},
  {"image/webp",
   [](std::string_view b) {
     return starts_with(b, "RIFF") && b.substr(8, 4) == "WEBP";
   }},
  {"image/tiff",
   [](std::string_view b) {
     return starts_with(b, std::string_view{"II*\0", 4})
            || starts_with(b, std::string_view{"MM\0*", 4});
   }},
  {"application/pdf",
   [](std::string_view b) { return starts_with(b, "%PDF-"); }},
  {"application/postscript",
   [](std::string_view b) {
     return starts_with(b, "%!PS") || starts_with(b, "\xC5\xD0\xD3\xC6");
   }},
  // Illustrator files are PDFs inside.
  {"application/illustrator",
   [](std::string_view b) {
     return starts_with(b, "%PDF-") || starts_with(b, "%!PS");
   }},
  {"image/svg+xml", looks_like_svg},
}};

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
  for (auto& t : types)
    if (t.media == media) {
      if (!t.matches(bytes))
        return upload_refusal{http::status::bad_request,
                              "The file's content is not " + media};
      return std::nullopt;
    }
  return upload_refusal{http::status::unsupported_media_type,
                        "Files of type '" + media.substr(0, 100)
                          + "' are not accepted; send one of: "
                          + accepted_list()};
}

std::string safe_filename(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos)
    name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"')
      continue;
    out += c;
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' '))
    out.erase(out.begin());
  if (out.size() > 200) {
    out.resize(200);
    // Not in the middle of a UTF-8 sequence.
    while (!out.empty()
           && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
      out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
      out.pop_back();
  }
  return out.empty() ? "file" : out;
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
