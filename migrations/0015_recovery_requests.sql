-- Two people for a recovery (issue 18): a help-desk unlink or new primary
-- address is a request that a second staff member approves — never the same
-- one (the CHECK holds it whatever the code does) — and the account's
-- addresses are told when it is asked, not after.
CREATE TABLE recovery_requests (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES registry_accounts (id),
    recovery     TEXT NOT NULL CHECK (recovery IN ('unlink', 'set_primary_email')),
    new_email    TEXT CHECK ((recovery = 'set_primary_email') = (new_email IS NOT NULL)),
    reason       TEXT NOT NULL,
    requested_by INTEGER NOT NULL,
    requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    decided_by   INTEGER CHECK (decided_by IS NULL OR decided_by <> requested_by),
    decided_at   TEXT,
    approved     INTEGER CHECK (approved IN (0, 1)),
    CHECK ((decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL) = (approved IS NULL))
);
-- One request waits per account at a time; it is found by its account. The
-- second index serves the foreign key (a change to an account looks here).
CREATE UNIQUE INDEX recovery_requests_waiting ON recovery_requests (account_id) WHERE decided_at IS NULL;
CREATE INDEX recovery_requests_account ON recovery_requests (account_id, requested_at);

-- What a staff member did, for an administrator reading their page: the
-- audit by actor, newest first, on an index.
CREATE INDEX audit_events_actor ON audit_events (actor, occurred_at);

-- The outbox learns the email of a request, 'recovery_requested' (SQLite
-- cannot change a CHECK in place: the table is rebuilt, as in 0007). The dev
-- mailbox names outbox rows, so it is set aside and put back around the
-- rebuild: foreign keys stay enforced throughout, as D1 has them.
CREATE TABLE email_outbox_new (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email', 'linked', 'already_linked',
                                                  'confirm_email_change', 'email_changed', 'recovery_requested')),
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
INSERT INTO email_outbox_new SELECT id, account_id, kind, to_address, subject, text_body, html_body, status, attempts,
    last_error, created_at, sent_at, next_attempt_at, claimed_until FROM email_outbox;
CREATE TABLE dev_mailbox_kept AS SELECT id, outbox_id, to_address, subject, text_body, html_body, delivered_at FROM dev_mailbox;
DROP TABLE dev_mailbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_account ON email_outbox (account_id, created_at);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_status ON email_outbox (status);

CREATE TABLE dev_mailbox (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES email_outbox (id),
    to_address   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    text_body    TEXT NOT NULL,
    html_body    TEXT NOT NULL,
    delivered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO dev_mailbox SELECT * FROM dev_mailbox_kept;
DROP TABLE dev_mailbox_kept;
CREATE INDEX dev_mailbox_delivered ON dev_mailbox (delivered_at);
CREATE INDEX dev_mailbox_outbox ON dev_mailbox (outbox_id);
