-- Who may sign in: admin users and customers. Identities hold the login
-- (e-mail + Argon2id hash); a customer identity gets its customer once the
-- storefront creates it (Medusa's register-then-create flow).
CREATE TABLE auth_identities (
  id            text PRIMARY KEY,
  actor_type    text NOT NULL CHECK (actor_type IN ('user', 'customer')),
  email         text NOT NULL,
  password_hash text NOT NULL,
  actor_id      text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (actor_type, email)
);

CREATE TABLE customers (
  id          text PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  first_name  text NOT NULL DEFAULT '',
  last_name   text NOT NULL DEFAULT '',
  phone       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id          text PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  first_name  text NOT NULL DEFAULT '',
  last_name   text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);
