#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace souk {

/// Appends a JSON string literal (quoted, escaped) for `text` to `out`.
/// The literal is always valid JSON and valid UTF-8, whatever `text` holds:
/// control characters (and U+2028, U+2029) are escaped, and each ill-formed
/// UTF-8 sequence (a stray byte, a truncated, overlong or surrogate
/// sequence, anything past U+10FFFF) becomes one U+FFFD. Text from outside
/// (a path echoed in a 404, old stored rows) can therefore never break a
/// response.
void append_json_string(std::string& out, std::string_view text);

/// Builds a compact JSON document into a string, in order. The caller is
/// responsible for balance (every `begin_*` has its `end_*`); commas are
/// inserted automatically. Keys and string values go through
/// `append_json_string`, so they cannot make the document invalid; `raw`
/// is the caller's promise.
class json_writer {
public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// Writes an object key; the next call writes its value.
  json_writer& key(std::string_view name);
  json_writer& value(std::string_view text);
  json_writer& value(const char* text) { return value(std::string_view{text}); }
  json_writer& value(std::int64_t number);
  json_writer& value(int number) {
    return value(static_cast<std::int64_t>(number));
  }
  json_writer& value(bool flag);
  json_writer& null();
  /// `text`, or null when it is empty (Medusa's unset text fields).
  json_writer& value_or_null(std::string_view text) {
    return text.empty() ? null() : value(text);
  }
  /// Writes `json` verbatim; it must already be a valid JSON value.
  json_writer& raw(std::string_view json);

  const std::string& str() const noexcept { return out_; }

  std::string take() { return std::move(out_); }

private:
  void separate();

  std::string out_;
  bool need_comma_ = false;
};

} // namespace souk
