#include "persistence/pg_connect.hpp"

#include <regex>

namespace souk {

std::string with_connect_timeout(const std::string& conninfo, int seconds) {
  if (conninfo.find("connect_timeout") != std::string::npos)
    return conninfo;
  auto value = std::to_string(seconds);
  bool url = conninfo.rfind("postgresql://", 0) == 0
             || conninfo.rfind("postgres://", 0) == 0;
  if (!url)
    return conninfo + " connect_timeout=" + value;
  auto sep = conninfo.find('?') == std::string::npos ? '?' : '&';
  return conninfo + sep + "connect_timeout=" + value;
}

std::string redact_conninfo(const std::string& conninfo) {
  static const std::regex url_password{R"((://[^:/@]*:)[^@]*@)"};
  static const std::regex kv_password{R"((password\s*=\s*)\S+)"};
  auto out = std::regex_replace(conninfo, url_password, "$1***@");
  return std::regex_replace(out, kv_password, "$1***");
}

std::unique_ptr<pqxx::connection> pg_connect(const std::string& conninfo) {
  return std::make_unique<pqxx::connection>(conninfo);
}

bool is_connection_failure(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e))
    return true;
  if (auto sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // 08: connection exception; 57P0x: admin/crash/immediate shutdown.
    auto state = sql->sqlstate();
    return state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0;
  }
  return false;
}

bool is_write_refusal(const std::exception& e) {
  auto sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (!sql)
    return false;
  auto state = sql->sqlstate();
  return state == "25006" || state.rfind("53", 0) == 0;
}

} // namespace souk
