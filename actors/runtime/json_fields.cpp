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

json_fields& json_fields::optional_str(std::string_view key, std::string& out) {
  if (error_)
    return *this;
  std::string_view v;
  auto err = obj_[key].get_string().get(v);
  if (err == simdjson::NO_SUCH_FIELD)
    return *this;
  if (err)
    return fail(key, simdjson::error_message(err));
  out = v;
  return *this;
}

json_fields& json_fields::optional_i64(std::string_view key,
                                       std::int64_t& out) {
  if (error_)
    return *this;
  auto err = obj_[key].get_int64().get(out);
  if (err == simdjson::NO_SUCH_FIELD)
    return *this;
  if (err)
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

json_fields& json_fields::strings(std::string_view key,
                                  std::vector<std::string>& out) {
  if (error_)
    return *this;
  simdjson::ondemand::array arr;
  if (auto err = obj_[key].get_array().get(arr))
    return fail(key, simdjson::error_message(err));
  out.clear();
  for (auto element : arr) {
    std::string_view v;
    if (auto err = element.get_string().get(v))
      return fail(key, simdjson::error_message(err));
    out.emplace_back(v);
  }
  return *this;
}

json_fields& json_fields::optional_strings(std::string_view key,
                                           std::vector<std::string>& out) {
  if (error_)
    return *this;
  simdjson::ondemand::array arr;
  auto err = obj_[key].get_array().get(arr);
  if (err == simdjson::NO_SUCH_FIELD)
    return *this;
  if (err)
    return fail(key, simdjson::error_message(err));
  out.clear();
  for (auto element : arr) {
    std::string_view v;
    if (auto bad = element.get_string().get(v))
      return fail(key, simdjson::error_message(bad));
    out.emplace_back(v);
  }
  return *this;
}

json_fields& json_fields::raw(std::string_view key, std::string& out) {
  if (error_)
    return *this;
  simdjson::ondemand::value v;
  if (auto err = obj_[key].get(v))
    return fail(key, simdjson::error_message(err));
  simdjson::ondemand::json_type type;
  if (auto err = v.type().get(type))
    return fail(key, simdjson::error_message(err));
  std::string_view text;
  simdjson::error_code err = simdjson::SUCCESS;
  if (type == simdjson::ondemand::json_type::object) {
    simdjson::ondemand::object o;
    if (!(err = v.get_object().get(o)))
      err = o.raw_json().get(text);
  } else if (type == simdjson::ondemand::json_type::array) {
    simdjson::ondemand::array a;
    if (!(err = v.get_array().get(a)))
      err = a.raw_json().get(text);
  } else {
    text = v.raw_json_token();
  }
  if (err)
    return fail(key, simdjson::error_message(err));
  while (!text.empty()
         && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r'
             || text.back() == '\t'))
    text.remove_suffix(1);
  out = text;
  return *this;
}

} // namespace souk
