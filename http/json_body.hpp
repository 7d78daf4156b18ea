#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "actors/cart/cart_types.hpp"

namespace souk {

// -- limits -------------------------------------------------------------------

/// The longest string a field takes by default, in bytes of UTF-8: names,
/// addresses, ids, notes, passwords.
inline constexpr std::size_t max_text_bytes = 1'000;

/// The longest e-mail address (RFC 5321's longest forward path, less its
/// angle brackets).
inline constexpr std::size_t max_email_bytes = 254;

/// The longest long text, e.g. a product description.
inline constexpr std::size_t max_long_text_bytes = 10'000;

// -- readers ------------------------------------------------------------------

/// Reads one value; `path` names it in messages ("region_id",
/// "shipping_address.city", "variants[0].prices[1].amount"). Returns the
/// problem, a sentence naming `path`, or nothing.
using field_reader = std::function<std::optional<std::string>(
  simdjson::ondemand::value&, const std::string& path)>;

/// The known keys of an object and their readers.
using field_readers = std::map<std::string, field_reader>;

/// Reads a JSON object body into typed variables: each known key has a
/// reader, an unknown key or a wrong type is reported the way Medusa words
/// it ("Invalid request: Expected type: 'string' for field 'region_id',
/// got: '123'; Unrecognized fields: 'bogus'"). The body is one JSON object
/// and nothing else: anything after it (`{"a":1} x`, `{"a":1}{"b":2}`) is
/// refused. An empty body counts as `{}`. Returns the message for a 400,
/// or nothing.
std::optional<std::string> read_body(const std::string& body,
                                     const field_readers& fields);

/// Reads `v` as an object with the keys `fields` knows, like `read_body`
/// (the building block of nested readers).
std::optional<std::string> read_object(simdjson::ondemand::value& v,
                                       const field_readers& fields,
                                       const std::string& path);

/// Reads `v` as an array, each element with `element` (its path is
/// `path[i]`); the first problem stops.
std::optional<std::string> read_array(simdjson::ondemand::value& v,
                                      const std::string& path,
                                      const field_reader& element);

/// Field readers. Every string, wherever it is in the body, is refused
/// when it contains U+0000 (PostgreSQL's text cannot hold it) or is longer
/// than its limit (`max_bytes`, `max_text_bytes` unless said otherwise);
/// the message names the field and the limit.
field_reader text(std::string& out, std::size_t max_bytes = max_text_bytes);
field_reader text(std::optional<std::string>& out,
                  std::size_t max_bytes = max_text_bytes);
/// A string, or null read as "" (a field that clears: `"assignee_id":
/// null`).
field_reader text_or_null(std::optional<std::string>& out,
                          std::size_t max_bytes = max_text_bytes);
field_reader integer(std::int64_t& out);
field_reader integer(std::optional<std::int64_t>& out);
field_reader boolean(std::optional<bool>& out);
/// A JSON number as its text, to convert exactly (money, rates).
field_reader number_text(std::optional<std::string>& out);
/// An array of strings.
field_reader strings(std::vector<std::string>& out,
                     std::size_t max_bytes = max_text_bytes);
field_reader strings(std::optional<std::vector<std::string>>& out,
                     std::size_t max_bytes = max_text_bytes);
/// An object of strings, e.g. a variant's options `{"Size": "S"}` (keys
/// and values have the text limit).
field_reader string_map(std::map<std::string, std::string>& out);
/// Medusa's address object; `metadata` is accepted and dropped, a null
/// field is left empty, the country code is lower-cased.
field_reader postal_address(std::optional<cart::address>& out);
/// A nested object with known fields.
field_reader object(field_readers fields);
/// An array of objects: each element is read into a new `T` by the readers
/// `fields_of(T&)` returns, and appended to `out` (which holds the elements
/// only when all of them were read).
template <class T, class Fields>
field_reader objects(std::vector<T>& out, Fields fields_of) {
  return
    [&out, fields_of](simdjson::ondemand::value& v,
                      const std::string& path) -> std::optional<std::string> {
      std::vector<T> xs;
      auto problem = read_array(
        v, path,
        [&xs, &fields_of](simdjson::ondemand::value& e, const std::string& at) {
          T x;
          auto bad = read_object(e, fields_of(x), at);
          if (!bad)
            xs.push_back(std::move(x));
          return bad;
        });
      if (!problem)
        out = std::move(xs);
      return problem;
    };
}
/// Accepts any well-formed value and drops it (fields souk does not keep,
/// e.g. "metadata").
field_reader ignored();

} // namespace souk
