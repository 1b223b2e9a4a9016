-- Every outbox row delivered exactly once, whatever fails. The outbox is
-- rebuilt (SQLite cannot change a CHECK in place) with:
--   kind 'already_linked': the email of a transfer of an account linked to login.gov;
--   status 'failed': a dead letter — its retries are exhausted; counted on
--     /api/health, sent again after `scripts/outbox retry-failed`;
--   next_attempt_at: when the row is due to be sent (now when it is written;
--     after a failure, when the queue tries again). The sweep (cron, every 5
--     minutes) puts on the queue the pending rows overdue by 5 minutes: one whose
--     enqueue failed after its batch committed, or whose queue message was lost;
--   claimed_until: a delivery claims the row for 5 minutes before it calls the
--     provider, so that two messages for one row (the queue's retry and the
--     sweep's) cannot both send it.
-- No live token at rest: once sent, a row keeps what staff need (kind,
-- recipient, subject, times, status, attempts, last error) and no longer its
-- bodies, whose links open accounts; those already sent are blanked here.
CREATE TABLE email_outbox_new (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email', 'linked', 'already_linked',
                                                  'confirm_email_change', 'email_changed')),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at         TEXT,
    next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    claimed_until   TEXT,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
INSERT INTO email_outbox_new (id, account_id, kind, to_address, subject, text_body, html_body, status, attempts,
                              last_error, created_at, sent_at, next_attempt_at)
    SELECT id, account_id, kind, to_address, subject,
           CASE status WHEN 'sent' THEN '' ELSE text_body END, CASE status WHEN 'sent' THEN '' ELSE html_body END,
           status, attempts, last_error, created_at, sent_at, created_at
    FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_account ON email_outbox (account_id, created_at);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_status ON email_outbox (status);
