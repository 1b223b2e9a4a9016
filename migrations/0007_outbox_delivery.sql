-- Every outbox row delivered exactly once, whatever fails:
--   next_attempt_at: when the row is due to be sent (now when it is written;
--     after a failure, when the queue tries again). The sweep (cron, every 5
--     minutes) puts on the queue the pending rows overdue by 5 minutes: one whose
--     enqueue failed after its batch committed, or whose queue message was lost.
--   claimed_until: a delivery claims the row for 5 minutes before it calls the
--     provider, so that two messages for one row (the queue's retry and the
--     sweep's) cannot both send it.
ALTER TABLE email_outbox ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT '';
UPDATE email_outbox SET next_attempt_at = created_at;
ALTER TABLE email_outbox ADD COLUMN claimed_until TEXT;

DROP INDEX email_outbox_pending;
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
