-- The bytes of the tickets' files (artwork, proofs); the ticket's events
-- keep what describes them (persistence/ticket_files.hpp).
CREATE TABLE ticket_files (
  id            text PRIMARY KEY,
  ticket_id     text NOT NULL,
  filename      text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        text NOT NULL,
  bytes         bytea NOT NULL,
  created_at    timestamptz NOT NULL
);
-- Artwork and proofs come compressed (PNG, JPEG, PDF): stored out of line
-- without another try at compressing them.
ALTER TABLE ticket_files ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE INDEX ticket_files_ticket ON ticket_files (ticket_id);
