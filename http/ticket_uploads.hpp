#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/beast.hpp"

namespace souk {

/// Why an uploaded file is refused, as an HTTP answer's status and message.
struct upload_refusal {
  http::status status;
  std::string message;
};

/// Checks a ticket file: not empty, at most `max_bytes`, of a type print
/// work uses (PNG, JPEG, GIF, WebP, TIFF, PDF, PostScript/EPS/AI, SVG),
/// and its first bytes are what that type starts with (a renamed .exe is
/// not a PNG).
std::optional<upload_refusal> check_upload(std::string_view content_type,
                                           std::string_view bytes,
                                           std::int64_t max_bytes);

/// The type without parameters, lowered: "image/png" of "Image/PNG; x=y".
std::string media_type(std::string_view content_type);

/// A name safe to store and show: no directories, no control or
/// direction-changing characters, at most 200 bytes, and the extension of
/// `content_type` (an accepted one) in place of its own, so a checked PDF
/// is never saved as "brief.hta"; "file.<ext>" when nothing is left.
std::string safe_filename(std::string_view name, std::string_view content_type);

/// `text` cut to at most `max_bytes`, never inside a UTF-8 sequence.
std::string cut_text(std::string text, std::size_t max_bytes);

/// `attachment; filename="..."; filename*=UTF-8''...` for a download, so
/// browsers save the file instead of running it.
std::string content_disposition(std::string_view filename);

} // namespace souk
