-- Where each durable subscriber is in the global feed: every event with a
-- position <= `position` has been handled (at least once).
CREATE TABLE subscriber_checkpoints (
  name       text        PRIMARY KEY,
  position   bigint      NOT NULL CHECK (position >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
