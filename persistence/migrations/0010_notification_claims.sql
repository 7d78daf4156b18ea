-- A notification is claimed at the provider's point of no return and
-- marked sent when the provider accepted it: a claim never marked sent is
-- in doubt (it may have been delivered) and is not sent again.
ALTER TABLE notifications
  ADD COLUMN state text NOT NULL DEFAULT 'sent'
    CHECK (state IN ('claimed', 'sent'));
ALTER TABLE notifications ALTER COLUMN state SET DEFAULT 'claimed';
CREATE INDEX notifications_claimed ON notifications (id)
  WHERE state = 'claimed';
