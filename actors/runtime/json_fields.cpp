#include "actors/runtime/json_fields.hpp"

namespace souk {

json_fields& json_fields::fail(std::string_view key, std::string_view why) {
  if (!error_)
    error_ = "field '" + std::string{key} + "': " + std::string{why};
  return *this;
}

json_fields& json_fields::str(std::string_view key, std::string& out) {
  if (error_)
    return *this;
  std::string_view v;
  if (auto err = obj_[key].get_string().get(v))
    return fail(key, simdjson::error_message(err));
  out = v;
  return *this;
}

json_fields& json_fields::i64(std::string_view key, std::int64_t& out) {
  if (error_)
    return *this;
  if (auto err = obj_[key].get_int64().get(out))
    return fail(key, simdjson::error_message(err));
  return *this;
}

json_fields& json_fields::boolean(std::string_view key, bool& out) {
  if (error_)
    return *this;
  if (auto err = obj_[key].get_bool().get(out))
    return fail(key, simdjson::error_message(err));
  return *this;
}

} // namespace souk
