-- Every notification sent, once: the id derives from the cause, so a
-- retried workflow finds its notification here instead of sending again.
CREATE TABLE notifications (
  id         text PRIMARY KEY,
  cause      text NOT NULL,
  recipient  text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  provider   text NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now()
);
