-- Transfer or Create Account: the emails to send and the single-use links they carry.

-- Every email the registry sends, written in the same batch as the change that
-- causes it, and kept until the provider has taken it.
CREATE TABLE email_outbox (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email')),
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

CREATE INDEX email_outbox_pending ON email_outbox (created_at) WHERE status = 'pending';
CREATE INDEX email_outbox_account ON email_outbox (account_id, created_at);

-- Links sent by email that work once and expire. Only the SHA-256 of the
-- token is kept: a copy of this table opens nothing.
--   duplicate_email_fix: in "NOT migrated": opens the page to give a new email;
--   confirm_new_email:   sent to that new address: confirming it moves the account.
CREATE TABLE account_links (
    token_hash  TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    account_id  INTEGER NOT NULL REFERENCES registry_accounts (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('duplicate_email_fix', 'confirm_new_email')),
    new_email   TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    CHECK ((purpose = 'confirm_new_email') = (new_email IS NOT NULL))
);

CREATE INDEX account_links_account ON account_links (account_id);
