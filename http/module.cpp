#include "http/module.hpp"

#include <cstdlib>
#include <cxxabi.h>
#include <set>

namespace souk {

void add_members(std::string& object, const std::vector<json_extension>& more,
                 const std::string& id, db_handles& handles) {
  std::string members;
  for (auto& extend : more)
    if (auto member = extend(id, handles); !member.empty())
      members += "," + member;
  if (members.empty())
    return;
  object.pop_back(); // the object's "}"
  object += members + "}";
}

void module_context::workflow(workflows::workflow_definition def) {
  out_.workflows.push_back(std::move(def));
}

void module_context::check_subscriber_name(const std::string& name) const {
  bool taken = name.empty();
  for (auto& s : out_.subscribers)
    taken = taken || s.first == name;
  for (auto& s : out_.starters)
    taken = taken || s.name == name;
  if (taken)
    throw std::logic_error{"module " + module_ + ": subscriber name '" + name
                           + "' is empty or taken"};
}

std::shared_ptr<durable_subscriber>
module_context::subscriber(subscription sub, subscriber_options opts) {
  check_subscriber_name(sub.name);
  auto name = sub.name;
  auto s
    = std::make_shared<durable_subscriber>(conninfo_, std::move(sub), opts);
  out_.subscribers.emplace_back(std::move(name), s);
  return s;
}

void module_context::start_workflow_on(std::string name,
                                       std::vector<std::string> event_types,
                                       std::string stream_prefix,
                                       workflows::start_rule start,
                                       subscriber_options opts) {
  check_subscriber_name(name);
  out_.starters.push_back({std::move(name), std::move(event_types),
                           std::move(stream_prefix), std::move(start), opts});
}

void module_context::owner(std::string kind, owner_lookup lookup) {
  auto [_, added] = svc_.owners_.emplace(kind, std::move(lookup));
  if (!added)
    throw std::logic_error{"module " + module_ + ": resource '" + kind
                           + "' has an owner lookup already"};
}

void module_context::publishable_keys(
  std::function<std::optional<std::string>(std::string_view)> lookup) {
  if (svc_.keys_)
    throw std::logic_error{"module " + module_
                           + ": publishable keys are declared already"};
  svc_.keys_ = std::move(lookup);
}

void module_context::message(notifications::message_template t) {
  auto name = t.name;
  if (!svc_.templates_.emplace(name, std::move(t)).second)
    throw std::logic_error{"module " + module_ + ": message template '" + name
                           + "' is declared already"};
}

void module_context::metrics(std::function<std::string()> render) {
  out_.metrics.push_back(std::move(render));
}

void module_context::on_start(start_hook hook) {
  out_.on_start.push_back(std::move(hook));
}

void module_context::upgrade(std::string path, upgrade_handler take) {
  if (!out_.upgrades.emplace(path, std::move(take)).second)
    throw std::logic_error{"module " + module_ + " takes upgrades to " + path
                           + ", which another module does"};
}

void module_context::on_stop(std::function<void()> hook) {
  out_.on_stop.push_back(std::move(hook));
}

void module_context::add_kind(
  std::string name, caf::actor host,
  std::function<std::int64_t(std::chrono::milliseconds)> n) {
  out_.kinds.push_back({std::move(name), std::move(host), std::move(n)});
}

std::string type_name(const std::type_info& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name{
    abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free};
  return status == 0 && name ? name.get() : t.name();
}

const notifications::message_template&
services::message(const std::string& name) const {
  auto i = templates_.find(name);
  if (i == templates_.end())
    throw std::logic_error{"no module declares the message template '" + name
                           + "'"};
  return i->second;
}

std::optional<std::string>
check_module_names(const std::vector<module>& modules) {
  std::set<std::string> seen;
  for (auto& m : modules) {
    bool ok = !m.name.empty() && m.name.size() <= 64;
    for (char c : m.name)
      ok = ok
           && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
               || c == '_');
    if (!ok)
      return "module name '" + m.name
             + "' must be 1 to 64 of a-z, 0-9, '-' and '_'";
    if (!seen.insert(m.name).second)
      return "two modules are named '" + m.name + "'";
  }
  return std::nullopt;
}

std::vector<migration_file> all_migrations(const std::vector<module>& modules) {
  auto out = embedded_migrations();
  for (auto& m : modules)
    for (auto& f : m.migrations)
      out.push_back({m.name + "/" + f.name, f.sql});
  return out;
}

} // namespace souk
