#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace souk {

/// Parses `json` as one object and returns `read(object&)` (an optional);
/// nothing when `json` is not a JSON object. The parser lives while `read`
/// runs.
template <class F>
auto read_object(std::string_view json, F read)
  -> decltype(read(std::declval<simdjson::ondemand::object&>())) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded{json};
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj))
    return std::nullopt;
  return read(obj);
}

/// Reads the fields of one JSON object into variables, in any order,
/// keeping the first problem ("field 'x': ...") instead of throwing.
class json_fields {
public:
  explicit json_fields(simdjson::ondemand::object& obj) : obj_(obj) {
    // nop
  }

  json_fields& str(std::string_view key, std::string& out);
  json_fields& i64(std::string_view key, std::int64_t& out);
  json_fields& boolean(std::string_view key, bool& out);
  /// An array of strings.
  json_fields& strings(std::string_view key, std::vector<std::string>& out);
  /// The value of `key` as JSON text, whatever its type.
  json_fields& raw(std::string_view key, std::string& out);
  /// Like `str` and `i64`, but a missing key leaves `out` as it is: a
  /// field added to a stored format after its first version.
  json_fields& optional_str(std::string_view key, std::string& out);
  json_fields& optional_i64(std::string_view key, std::int64_t& out);
  json_fields& optional_strings(std::string_view key,
                                std::vector<std::string>& out);

  /// Calls `read(object&)` with the object `key`; `read` returns an error
  /// text or nothing.
  template <class F>
  json_fields& object(std::string_view key, F read) {
    if (error_)
      return *this;
    simdjson::ondemand::object inner;
    if (auto err = obj_[key].get_object().get(inner))
      return fail(key, simdjson::error_message(err));
    if (auto problem = read(inner))
      return fail(key, *problem);
    return *this;
  }

  /// Calls `each(object&)` for every element of the array `key`; `each`
  /// returns an error text or nothing.
  template <class F>
  json_fields& objects(std::string_view key, F each) {
    if (error_)
      return *this;
    simdjson::ondemand::array arr;
    if (auto err = obj_[key].get_array().get(arr))
      return fail(key, simdjson::error_message(err));
    for (auto element : arr) {
      simdjson::ondemand::object item;
      if (auto err = element.get_object().get(item))
        return fail(key, simdjson::error_message(err));
      if (auto problem = each(item))
        return fail(key, *problem);
    }
    return *this;
  }

  /// The first problem, if any.
  const std::optional<std::string>& error() const noexcept { return error_; }

private:
  json_fields& fail(std::string_view key, std::string_view why);

  simdjson::ondemand::object& obj_;
  std::optional<std::string> error_;
};

} // namespace souk
