-- Sign in with login.gov: the emails it sends (linked, email changes) and the
-- links that confirm a new primary or secondary email. SQLite cannot change a
-- CHECK constraint in place, so both tables are rebuilt with their rows.

CREATE TABLE email_outbox_new (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email',
                                              'linked', 'confirm_email_change', 'email_changed')),
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL,
    html_body   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at     TEXT,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
INSERT INTO email_outbox_new SELECT * FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_pending ON email_outbox (created_at) WHERE status = 'pending';
CREATE INDEX email_outbox_account ON email_outbox (account_id, created_at);

--   confirm_email_change: sent to the new address a signed-in person gives for
--   their primary or secondary email (`email_slot`); confirming it makes the change.
CREATE TABLE account_links_new (
    token_hash  TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    account_id  INTEGER NOT NULL REFERENCES registry_accounts (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('duplicate_email_fix', 'confirm_new_email', 'confirm_email_change')),
    new_email   TEXT,
    email_slot  TEXT CHECK (email_slot IS NULL OR email_slot IN ('primary', 'secondary')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    CHECK ((purpose <> 'duplicate_email_fix') = (new_email IS NOT NULL)),
    CHECK ((purpose = 'confirm_email_change') = (email_slot IS NOT NULL))
);
INSERT INTO account_links_new (token_hash, account_id, purpose, new_email, created_at, expires_at, used_at)
    SELECT token_hash, account_id, purpose, new_email, created_at, expires_at, used_at FROM account_links;
DROP TABLE account_links;
ALTER TABLE account_links_new RENAME TO account_links;
CREATE INDEX account_links_account ON account_links (account_id);
