#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "actors/cart/cart_types.hpp"

namespace souk {

/// Reads one field's value; returns the problem (the expected type) or
/// nothing.
using field_reader
  = std::function<std::optional<std::string>(simdjson::ondemand::value&)>;

/// Reads a JSON object body into typed variables: each known key has a
/// reader, an unknown key or a wrong type is reported the way Medusa words
/// it ("Invalid request: Expected type: 'string' for field 'region_id',
/// got: '123'; Unrecognized fields: 'bogus'"). An empty body counts as
/// `{}`. Returns the message for a 400, or nothing.
std::optional<std::string>
read_body(const std::string& body,
          const std::map<std::string, field_reader>& fields);

/// Field readers.
field_reader text(std::string& out);
field_reader text(std::optional<std::string>& out);
field_reader integer(std::int64_t& out);
field_reader integer(std::optional<std::int64_t>& out);
field_reader boolean(std::optional<bool>& out);
/// A JSON number as its text, to convert exactly (money, rates).
field_reader number_text(std::optional<std::string>& out);
field_reader strings(std::optional<std::vector<std::string>>& out);
field_reader postal_address(std::optional<cart::address>& out);
/// Accepts and ignores the value (fields souk does not keep, e.g.
/// "metadata").
field_reader ignored();

} // namespace souk
