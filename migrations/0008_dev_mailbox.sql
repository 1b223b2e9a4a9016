-- The dev mailbox (local runs only: EMAIL_PROVIDER = "dev-mailbox") is an
-- inbox like any other: the provider delivers into it, /dev/mailbox reads it.
-- Empty in a deployment.
CREATE TABLE dev_mailbox (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES email_outbox (id),
    to_address   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    text_body    TEXT NOT NULL,
    html_body    TEXT NOT NULL,
    delivered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX dev_mailbox_delivered ON dev_mailbox (delivered_at);
-- Writing an outbox row checks for mailbox rows that name it (the foreign key): by this index.
CREATE INDEX dev_mailbox_outbox ON dev_mailbox (outbox_id);
