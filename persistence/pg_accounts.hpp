#pragma once

#include <string>

#include "persistence/accounts.hpp"
#include "persistence/pg_session.hpp"

namespace souk {

/// The account tables (migration 0005). Blocking, one connection; one
/// instance per thread.
class pg_accounts final : public accounts_port {
public:
  explicit pg_accounts(std::string conninfo);

  expected<bool, store_error>
  add_identity(const auth_identity& identity) override;
  expected<std::optional<auth_identity>, store_error>
  find_identity(const std::string& actor_type,
                const std::string& email) override;
  expected<std::optional<auth_identity>, store_error>
  find_identity_by_id(const std::string& id) override;
  expected<bool, store_error>
  add_customer(const customer_record& c,
               const std::string& identity_id) override;
  expected<std::optional<customer_record>, store_error>
  find_customer(const std::string& id) override;
  expected<std::optional<customer_record>, store_error>
  update_customer(const std::string& id, const customer_patch& patch) override;
  expected<bool, store_error> add_user(const std::string& user_id,
                                       const auth_identity& identity) override;
  expected<bool, store_error> user_active(const std::string& user_id) override;
  expected<std::optional<std::string>, store_error>
  user_email(const std::string& user_id) override;
  expected<std::vector<admin_user>, store_error>
  active_users(std::size_t limit) override;
  expected<bool, store_error> disable_user(const std::string& email) override;
  expected<bool, store_error> add_verification(const email_verification& v,
                                               const std::string& code_hash,
                                               std::int64_t max_open) override;
  expected<std::optional<email_verification>, store_error>
  confirm_verification(const std::string& code_hash) override;
  expected<std::int64_t, store_error> applied_migrations() override;

private:
  pg_session session_;
};

} // namespace souk
