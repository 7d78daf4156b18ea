-- E-mail verification (Medusa's /auth/verification/request and /confirm):
-- a code is mailed to the identity's address; only its SHA-256 is kept,
-- so a read of this table confirms nothing. A code is used once, before it
-- expires.
CREATE TABLE email_verifications (
  code_hash        bytea PRIMARY KEY,
  id               text NOT NULL UNIQUE,
  auth_identity_id text NOT NULL REFERENCES auth_identities (id)
                   ON DELETE CASCADE,
  email            text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  confirmed_at     timestamptz
);
CREATE INDEX email_verifications_identity
  ON email_verifications (auth_identity_id, created_at);

ALTER TABLE auth_identities ADD COLUMN email_verified_at timestamptz;
