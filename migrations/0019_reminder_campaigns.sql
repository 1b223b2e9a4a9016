-- Reminder campaigns (issue 21): the program office composes one — an
-- audience (an account type, a State or all, a stage of the funnel), its
-- words and a start — and an administrator other than its author approves
-- it; the cron then writes its emails into the outbox in paced batches, each
-- recipient once (campaign_recipients' key), and the outbox sends them as
-- every email. Counters on the campaign, kept by the batches and by
-- triggers, say its progress and its effect without reading its recipients.
CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    account_type  TEXT NOT NULL CHECK (account_type IN ('examiner', 'assistant', 'third_party')),
    -- NULL: every State (and accounts with none).
    license_state TEXT CHECK (license_state IS NULL OR length(license_state) = 2),
    -- The funnel's stage the audience is at: not transferred, transferred but
    -- never signed in with login.gov, sent a link to give an address of its own.
    stage         TEXT NOT NULL CHECK (stage IN ('legacy', 'migrated', 'waiting_fix')),
    -- A sentence of the program office's own, added to the template's words.
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'paused', 'done', 'cancelled')),
    starts_at     TEXT NOT NULL,
    composed_by   INTEGER NOT NULL REFERENCES staff_members (id),
    approved_by   INTEGER REFERENCES staff_members (id),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    approved_at   TEXT,
    finished_at   TEXT,
    -- The audience's size when approved (the funnel's count), and the last
    -- account batched (by id: the audience is read in id order, on an index).
    audience      INTEGER NOT NULL DEFAULT 0,
    last_account  INTEGER NOT NULL DEFAULT 0,
    batched_at    TEXT,
    -- Progress: written into the outbox; then sent, failed (given up on), or
    -- skipped at send time because the person had moved on meanwhile.
    queued        INTEGER NOT NULL DEFAULT 0,
    sent          INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    -- Effect: recipients who transferred, and who linked to login.gov, within
    -- 1, 7 and 30 days of their email being written; arrivals by its links.
    transferred_1d  INTEGER NOT NULL DEFAULT 0,
    transferred_7d  INTEGER NOT NULL DEFAULT 0,
    transferred_30d INTEGER NOT NULL DEFAULT 0,
    linked_1d     INTEGER NOT NULL DEFAULT 0,
    linked_7d     INTEGER NOT NULL DEFAULT 0,
    linked_30d    INTEGER NOT NULL DEFAULT 0,
    arrivals      INTEGER NOT NULL DEFAULT 0,
    CHECK (approved_by IS NULL OR approved_by <> composed_by),
    CHECK ((state IN ('approved', 'paused', 'done')) = (approved_by IS NOT NULL))
);
CREATE INDEX campaigns_newest ON campaigns (created_at);
-- A staff member removed is looked for among the campaigns they composed or approved.
CREATE INDEX campaigns_composed_by ON campaigns (composed_by);
CREATE INDEX campaigns_approved_by ON campaigns (approved_by);
-- The cron's: campaigns sending, by their start.
CREATE INDEX campaigns_sending ON campaigns (starts_at) WHERE state = 'approved';

-- Who a campaign wrote to: once each, whatever fails or runs twice.
CREATE TABLE campaign_recipients (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    account_id  INTEGER NOT NULL REFERENCES registry_accounts (id),
    queued_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (campaign_id, account_id)
) WITHOUT ROWID;
CREATE INDEX campaign_recipients_account ON campaign_recipients (account_id, queued_at);

-- A campaign's audience in id order, for every State (with one State it is
-- registry_accounts_outreach's, whose rows end in the id).
CREATE INDEX registry_accounts_campaign ON registry_accounts (account_type, migration_state, id);

-- The effect: an account moving on counts for each campaign that wrote to it
-- in the last 30 days, in each window it moved within.
CREATE TRIGGER campaign_effect_of_a_moved_account
AFTER UPDATE OF migration_state ON registry_accounts
WHEN NEW.migration_state IS NOT OLD.migration_state
BEGIN
    UPDATE campaigns SET
        transferred_1d  = transferred_1d  + (OLD.migration_state = 'legacy' AND r.days <= 1),
        transferred_7d  = transferred_7d  + (OLD.migration_state = 'legacy' AND r.days <= 7),
        transferred_30d = transferred_30d + (OLD.migration_state = 'legacy'),
        linked_1d  = linked_1d  + (NEW.migration_state = 'linked' AND r.days <= 1),
        linked_7d  = linked_7d  + (NEW.migration_state = 'linked' AND r.days <= 7),
        linked_30d = linked_30d + (NEW.migration_state = 'linked')
    FROM (SELECT campaign_id, julianday('now') - julianday(queued_at) AS days FROM campaign_recipients
          WHERE account_id = NEW.id AND queued_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')) AS r
    WHERE campaigns.id = r.campaign_id;
END;

-- The outbox learns the reminder, which names its campaign, and the email
-- skipped at send time (rebuilt, as in 0017, its dev mailbox set aside and put back).
CREATE TABLE email_outbox_new (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES registry_accounts (id),
    kind            TEXT NOT NULL CHECK (kind IN ('migrated', 'not_migrated', 'confirm_email', 'linked', 'already_linked',
                                                  'confirm_email_change', 'email_changed', 'recovery_requested',
                                                  'access_requested', 'access_changed', 'access_ending', 'reminder')),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at         TEXT,
    next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    claimed_until   TEXT,
    campaign_id     INTEGER REFERENCES campaigns (id),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((kind = 'reminder') = (campaign_id IS NOT NULL))
);
INSERT INTO email_outbox_new SELECT id, account_id, kind, to_address, subject, text_body, html_body, status, attempts,
    last_error, created_at, sent_at, next_attempt_at, claimed_until, NULL FROM email_outbox;
CREATE TABLE dev_mailbox_kept AS SELECT id, outbox_id, to_address, subject, text_body, html_body, delivered_at FROM dev_mailbox;
DROP TABLE dev_mailbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_account ON email_outbox (account_id, created_at);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_status ON email_outbox (status);
-- A campaign's reminders (a new campaign is looked for among them, as their parent).
CREATE INDEX email_outbox_campaign ON email_outbox (campaign_id);

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

-- A reminder's progress on its campaign, as the outbox row settles.
CREATE TRIGGER campaign_progress_of_a_reminder
AFTER UPDATE OF status ON email_outbox
WHEN NEW.campaign_id IS NOT NULL AND NEW.status IS NOT OLD.status
BEGIN
    UPDATE campaigns SET
        sent    = sent    + (NEW.status = 'sent')    - (OLD.status = 'sent'),
        failed  = failed  + (NEW.status = 'failed')  - (OLD.status = 'failed'),
        skipped = skipped + (NEW.status = 'skipped') - (OLD.status = 'skipped')
    WHERE id = NEW.campaign_id;
END;
