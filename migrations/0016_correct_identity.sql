-- A third two-person recovery (issue 18): the name and date of birth on
-- file corrected, for a person whose verified identity the registry's record
-- does not match (a name changed by marriage, a date of birth the legacy
-- registry got wrong). SQLite cannot change a CHECK in place: the table is
-- rebuilt with its requests, as the outbox was in 0015; nothing refers to it.
CREATE TABLE recovery_requests_new (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES registry_accounts (id),
    recovery          TEXT NOT NULL CHECK (recovery IN ('unlink', 'set_primary_email', 'correct_identity')),
    new_email         TEXT CHECK ((recovery = 'set_primary_email') = (new_email IS NOT NULL)),
    new_first_name    TEXT CHECK ((recovery = 'correct_identity') = (new_first_name IS NOT NULL)),
    new_last_name     TEXT CHECK ((recovery = 'correct_identity') = (new_last_name IS NOT NULL)),
    -- None keeps the date of birth on file; a date is a real calendar date.
    new_date_of_birth TEXT CHECK (new_date_of_birth IS NULL OR
                                  (recovery = 'correct_identity' AND date(new_date_of_birth) = new_date_of_birth)),
    reason            TEXT NOT NULL,
    requested_by      INTEGER NOT NULL,
    requested_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    decided_by        INTEGER CHECK (decided_by IS NULL OR decided_by <> requested_by),
    decided_at        TEXT,
    approved          INTEGER CHECK (approved IN (0, 1)),
    CHECK ((decided_at IS NULL) = (decided_by IS NULL) AND (decided_at IS NULL) = (approved IS NULL))
);
INSERT INTO recovery_requests_new (id, account_id, recovery, new_email, reason, requested_by, requested_at,
    decided_by, decided_at, approved)
    SELECT id, account_id, recovery, new_email, reason, requested_by, requested_at, decided_by, decided_at, approved
    FROM recovery_requests;
DROP TABLE recovery_requests;
ALTER TABLE recovery_requests_new RENAME TO recovery_requests;
CREATE UNIQUE INDEX recovery_requests_waiting ON recovery_requests (account_id) WHERE decided_at IS NULL;
CREATE INDEX recovery_requests_account ON recovery_requests (account_id, requested_at);
