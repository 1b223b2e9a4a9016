-- People who work for examiners (issue 20, SPEC §5). An assistant or a
-- third party is one person, known by one login.gov identity, holding a grant
-- per examiner: asked for, then approved or declined by the examiner, revoked
-- by the examiner or the help desk, or expired at the end of the period the
-- examiner chose. A grant only lets its holder read the examiner's account.
CREATE TABLE people (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    login_gov_subject  TEXT NOT NULL UNIQUE,
    -- login.gov's email at the person's latest sign-in: where answers are sent.
    email              TEXT NOT NULL,
    session_generation INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE grants (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    -- The number the person asked for, and the examiner who holds it if any
    -- does: a request for a number nobody holds is kept and shown to the
    -- person like any other (and lapses unanswered), so that asking tells
    -- nobody whom a number names.
    registry_number TEXT NOT NULL CHECK (length(registry_number) = 10),
    examiner_id  INTEGER REFERENCES registry_accounts (id),
    role         TEXT NOT NULL CHECK (role IN ('assistant', 'third_party')),
    state        TEXT NOT NULL DEFAULT 'requested'
                 CHECK (state IN ('requested', 'approved', 'declined', 'revoked', 'expired')),
    -- As the person gave them when asking, for the examiner to read.
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    organization TEXT CHECK (organization IS NULL OR length(organization) BETWEEN 1 AND 100),
    requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    decided_at   TEXT,
    expires_at   TEXT,
    ended_at     TEXT,
    -- When the person was told their access ends soon (cleared by an extension).
    reminded_at  TEXT,
    last_used_at TEXT,
    CHECK ((role = 'third_party') = (organization IS NOT NULL)),
    CHECK ((state = 'requested') = (decided_at IS NULL)),
    CHECK (state <> 'approved' OR expires_at IS NOT NULL),
    CHECK ((state IN ('revoked', 'expired')) = (ended_at IS NOT NULL))
);
-- One open grant (asked for or approved) per person and number.
CREATE UNIQUE INDEX grants_open ON grants (person_id, registry_number) WHERE state IN ('requested', 'approved');
CREATE INDEX grants_person ON grants (person_id, requested_at);
CREATE INDEX grants_examiner ON grants (examiner_id, requested_at);
-- The cron's: approved grants by the day they end, requests by the day they were made.
CREATE INDEX grants_expiring ON grants (expires_at) WHERE state = 'approved';
CREATE INDEX grants_waiting ON grants (requested_at) WHERE state = 'requested';

-- An assistant or third party of the legacy registry works for the examiner
-- the import named: once their account is linked to login.gov, its identity
-- is a person with an approved grant for that examiner, for a year, as if the
-- examiner had approved it (the registry knew it already) — audited, and only
-- if that person never held a grant for the examiner (one the examiner
-- revoked is not given back by linking again).
CREATE TRIGGER legacy_helper_linked_works_for_their_examiner
AFTER UPDATE OF login_gov_subject ON registry_accounts
WHEN NEW.login_gov_subject IS NOT NULL AND OLD.login_gov_subject IS NULL AND NEW.account_type <> 'examiner'
BEGIN
    INSERT INTO people (login_gov_subject, email) VALUES (NEW.login_gov_subject, NEW.primary_email)
        ON CONFLICT (login_gov_subject) DO NOTHING;
    INSERT INTO grants (person_id, registry_number, examiner_id, role, state, name, organization, decided_at, expires_at)
        SELECT p.id, e.registry_number, e.id, NEW.account_type, 'approved', substr(NEW.first_name || ' ' || NEW.last_name, 1, 100),
               CASE WHEN NEW.account_type = 'third_party' THEN 'Third party of the legacy registry' END,
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+365 days')
        FROM people p, registry_accounts e
        WHERE p.login_gov_subject = NEW.login_gov_subject AND e.registry_number = NEW.examiner_registry_number
          AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.person_id = p.id AND g.registry_number = e.registry_number);
    INSERT INTO audit_events (account_id, event, actor, detail)
        SELECT examiner_id, 'access_approved', 'sign_in', 'grant ' || id || ': the legacy registry''s, on linking'
        FROM grants WHERE id = last_insert_rowid() AND changes() = 1;
END;

-- The same account let go by its identity (the help desk's unlink: the
-- wrong person had linked it): that identity's access to the examiner ends
-- with it, and its sessions too.
CREATE TRIGGER legacy_helper_unlinked_stops_working_for_their_examiner
AFTER UPDATE OF login_gov_subject ON registry_accounts
WHEN OLD.login_gov_subject IS NOT NULL AND NEW.login_gov_subject IS NOT OLD.login_gov_subject
     AND NEW.account_type <> 'examiner'
BEGIN
    UPDATE grants SET state = 'revoked', decided_at = coalesce(decided_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                      ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE person_id = (SELECT id FROM people WHERE login_gov_subject = OLD.login_gov_subject)
          AND registry_number = NEW.examiner_registry_number AND state IN ('requested', 'approved');
    UPDATE people SET session_generation = session_generation + 1 WHERE login_gov_subject = OLD.login_gov_subject;
END;

-- The helpers linked before this migration, the same way.
INSERT INTO people (login_gov_subject, email)
    SELECT login_gov_subject, primary_email FROM registry_accounts
    WHERE login_gov_subject IS NOT NULL AND account_type <> 'examiner';
INSERT INTO grants (person_id, registry_number, examiner_id, role, state, name, organization, decided_at, expires_at)
    SELECT p.id, e.registry_number, e.id, a.account_type, 'approved', substr(a.first_name || ' ' || a.last_name, 1, 100),
           CASE WHEN a.account_type = 'third_party' THEN 'Third party of the legacy registry' END,
           strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+365 days')
    FROM registry_accounts a
    JOIN people p ON p.login_gov_subject = a.login_gov_subject
    JOIN registry_accounts e ON e.registry_number = a.examiner_registry_number
    WHERE a.account_type <> 'examiner';

-- The outbox learns the emails of a request for access and of its answers
-- (rebuilt, as in 0015, its dev mailbox set aside and put back).
CREATE TABLE email_outbox_new (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email', 'linked', 'already_linked',
                                                  'confirm_email_change', 'email_changed', 'recovery_requested',
                                                  'access_requested', 'access_changed', 'access_ending')),
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
