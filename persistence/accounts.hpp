#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/runtime/expected.hpp"
#include "actors/runtime/store_error.hpp"

namespace souk {

/// A login: e-mail, Argon2id hash, and the user or customer it signs in as
/// (empty for a customer who registered and has no profile yet).
struct auth_identity {
  std::string id;
  std::string actor_type;
  std::string email;
  std::string password_hash;
  std::string actor_id;
};

struct customer_record {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::int64_t created_at = 0; // Unix ms
  std::int64_t updated_at = 0;
};

/// Profile changes: the fields that are set.
struct customer_patch {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> phone;
};

/// The accounts: sign-in identities, customers and admin users. Blocking
/// and not thread-safe: one instance per thread. Failures of the store are
/// `store_error` values (`unavailable` when it cannot be reached).
/// PostgreSQL's: `open_accounts` in persistence/postgres.hpp.
/// An admin user as lists show them.
struct admin_user {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
};

/// A verification code mailed to an identity's address (its SHA-256 is
/// the key; the code itself is never stored).
struct email_verification {
  std::string id;
  std::string auth_identity_id;
  std::string email;
  std::int64_t expires_at = 0;   // Unix ms
  std::int64_t confirmed_at = 0; // 0 until confirmed
};

class accounts_port {
public:
  virtual ~accounts_port() = default;

  /// Creates an identity; false when (actor_type, email) exists.
  virtual expected<bool, store_error>
  add_identity(const auth_identity& identity) = 0;

  virtual expected<std::optional<auth_identity>, store_error>
  find_identity(const std::string& actor_type, const std::string& email) = 0;

  /// The identity with id `id`, for a token refresh.
  virtual expected<std::optional<auth_identity>, store_error>
  find_identity_by_id(const std::string& id) = 0;

  /// Creates the customer and links identity `identity_id` to it, in one
  /// transaction; false when a customer with that e-mail exists.
  virtual expected<bool, store_error>
  add_customer(const customer_record& c, const std::string& identity_id) = 0;

  virtual expected<std::optional<customer_record>, store_error>
  find_customer(const std::string& id) = 0;

  /// The customer after the change; nothing when there is no such customer.
  virtual expected<std::optional<customer_record>, store_error>
  update_customer(const std::string& id, const customer_patch& patch) = 0;

  /// Creates an admin user with its identity; false when the e-mail exists.
  virtual expected<bool, store_error> add_user(const std::string& user_id,
                                               const auth_identity& identity)
    = 0;

  /// Whether admin user `user_id` exists and is not disabled.
  virtual expected<bool, store_error> user_active(const std::string& user_id)
    = 0;

  /// The e-mail of admin user `user_id`, when it exists and is not
  /// disabled.
  virtual expected<std::optional<std::string>, store_error>
  user_email(const std::string& user_id) = 0;

  /// The admin users who are not disabled, by e-mail (at most `limit`).
  virtual expected<std::vector<admin_user>, store_error>
  active_users(std::size_t limit) = 0;

  /// Disables the admin user with `email`; false when there is none.
  virtual expected<bool, store_error> disable_user(const std::string& email)
    = 0;

  /// Keeps a verification whose code hashes to `code_hash`; false when
  /// the identity has `max_open` unconfirmed, unexpired ones already
  /// (requests are bounded, so are mails).
  virtual expected<bool, store_error>
  add_verification(const email_verification& v, const std::string& code_hash,
                   std::int64_t max_open)
    = 0;

  /// Confirms the verification of `code_hash` if it is unconfirmed and
  /// unexpired, marking its identity's e-mail verified (one transaction);
  /// nothing for any other code.
  virtual expected<std::optional<email_verification>, store_error>
  confirm_verification(const std::string& code_hash) = 0;

  /// How many migrations the database has applied (readiness).
  virtual expected<std::int64_t, store_error> applied_migrations() = 0;
};

} // namespace souk
