-- The registry's accounts, as imported from the legacy system and as they move to login.gov.
-- D1 is SQLite: these migrations also run unchanged in the native tests.

CREATE TABLE registry_accounts (
    id                       INTEGER PRIMARY KEY,
    registry_number          TEXT NOT NULL UNIQUE
                             CHECK (length(registry_number) = 10 AND registry_number NOT GLOB '*[^0-9]*'),
    account_type             TEXT NOT NULL CHECK (account_type IN ('examiner', 'assistant', 'third_party')),
    -- Assistants and third parties work for one examiner; examiners for nobody.
    examiner_registry_number TEXT REFERENCES registry_accounts (registry_number),
    first_name               TEXT NOT NULL,
    last_name                TEXT NOT NULL,
    license_number           TEXT,
    license_state            TEXT CHECK (license_state IS NULL OR length(license_state) = 2),
    primary_email            TEXT NOT NULL,
    secondary_email          TEXT,
    migration_state          TEXT NOT NULL DEFAULT 'legacy'
                             CHECK (migration_state IN ('legacy', 'migrated', 'linked')),
    login_gov_subject        TEXT UNIQUE,
    certification_issued     TEXT CHECK (certification_issued IS NULL OR date(certification_issued) = certification_issued),
    certification_expires    TEXT CHECK (certification_expires IS NULL OR date(certification_expires) = certification_expires),
    created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((account_type = 'examiner') = (examiner_registry_number IS NULL)),
    CHECK (account_type <> 'examiner' OR (license_number IS NOT NULL AND license_state IS NOT NULL)),
    CHECK ((migration_state = 'linked') = (login_gov_subject IS NOT NULL))
);

-- Emails are matched case-insensitively, on the primary and on the secondary address.
CREATE INDEX registry_accounts_primary_email ON registry_accounts (lower(primary_email));
CREATE INDEX registry_accounts_secondary_email ON registry_accounts (lower(secondary_email))
    WHERE secondary_email IS NOT NULL;
CREATE INDEX registry_accounts_examiner ON registry_accounts (examiner_registry_number)
    WHERE examiner_registry_number IS NOT NULL;

-- One row for every change to an account, never edited or removed afterwards.
-- No tokens and no personal data in `detail`: the account id says whose it is.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    account_id  INTEGER REFERENCES registry_accounts (id),
    event       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    detail      TEXT
);

CREATE INDEX audit_events_account ON audit_events (account_id, occurred_at);

CREATE TRIGGER audit_events_are_never_updated BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_are_never_deleted BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
