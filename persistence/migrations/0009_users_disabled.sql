-- An admin user can be disabled (`souk user disable`): from then on its
-- tokens are refused and it cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
