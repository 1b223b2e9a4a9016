-- Transfer claims travel on a queue, which may deliver a message more than
-- once. The batch that writes a claim's outcome starts by recording its
-- message here: a second delivery finds it and does nothing, and one racing
-- the first fails on the key and writes nothing. Rows older than two weeks
-- (longer than a queue keeps a message) are removed by the cron.
CREATE TABLE transfer_claims_decided (
    message_id TEXT PRIMARY KEY,
    decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;

CREATE INDEX transfer_claims_decided_at ON transfer_claims_decided (decided_at);
