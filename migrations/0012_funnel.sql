-- The migration funnel (the program office's): how many accounts are at each
-- stage, by account type and State, kept exact by triggers as accounts
-- change (a small table: types × States × stages), and written once a day
-- and every 5 minutes for today by the cron into funnel_days, whose rows the
-- funnel page reads by date on its key.
-- Stages: legacy; waiting_fix (legacy, sent a link to give an email address
-- of its own); migrated; linked.

-- A duplicate-email fix link was sent to the account (the transfer's "NOT migrated").
ALTER TABLE registry_accounts ADD COLUMN awaiting_fix INTEGER NOT NULL DEFAULT 0;
UPDATE registry_accounts SET awaiting_fix = 1
    WHERE id IN (SELECT account_id FROM account_links WHERE purpose = 'duplicate_email_fix');

CREATE TRIGGER awaiting_fix_once_a_fix_link_is_sent AFTER INSERT ON account_links
WHEN NEW.purpose = 'duplicate_email_fix'
BEGIN
    UPDATE registry_accounts SET awaiting_fix = 1 WHERE id = NEW.account_id AND awaiting_fix = 0;
END;

CREATE TABLE funnel_counts (
    account_type  TEXT NOT NULL,
    license_state TEXT NOT NULL,
    stage         TEXT NOT NULL CHECK (stage IN ('legacy', 'waiting_fix', 'migrated', 'linked')),
    accounts      INTEGER NOT NULL,
    PRIMARY KEY (account_type, license_state, stage)
) WITHOUT ROWID;

INSERT INTO funnel_counts (account_type, license_state, stage, accounts)
    SELECT account_type, coalesce(license_state, ''),
           CASE WHEN migration_state = 'legacy' AND awaiting_fix = 1 THEN 'waiting_fix' ELSE migration_state END,
           count(*)
    FROM registry_accounts GROUP BY 1, 2, 3;

CREATE TRIGGER funnel_of_a_new_account AFTER INSERT ON registry_accounts
BEGIN
    INSERT INTO funnel_counts (account_type, license_state, stage, accounts)
    VALUES (NEW.account_type, coalesce(NEW.license_state, ''),
            CASE WHEN NEW.migration_state = 'legacy' AND NEW.awaiting_fix = 1 THEN 'waiting_fix' ELSE NEW.migration_state END, 1)
    ON CONFLICT (account_type, license_state, stage) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TRIGGER funnel_of_a_changed_account
AFTER UPDATE OF migration_state, awaiting_fix, account_type, license_state ON registry_accounts
BEGIN
    UPDATE funnel_counts SET accounts = accounts - 1
    WHERE account_type = OLD.account_type AND license_state = coalesce(OLD.license_state, '')
      AND stage = CASE WHEN OLD.migration_state = 'legacy' AND OLD.awaiting_fix = 1 THEN 'waiting_fix' ELSE OLD.migration_state END;
    INSERT INTO funnel_counts (account_type, license_state, stage, accounts)
    VALUES (NEW.account_type, coalesce(NEW.license_state, ''),
            CASE WHEN NEW.migration_state = 'legacy' AND NEW.awaiting_fix = 1 THEN 'waiting_fix' ELSE NEW.migration_state END, 1)
    ON CONFLICT (account_type, license_state, stage) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TABLE funnel_days (
    day           TEXT NOT NULL,
    account_type  TEXT NOT NULL,
    license_state TEXT NOT NULL,
    stage         TEXT NOT NULL,
    accounts      INTEGER NOT NULL,
    PRIMARY KEY (day, account_type, license_state, stage)
) WITHOUT ROWID;

-- The program office's outreach list: examiners not yet migrated, by State.
CREATE INDEX registry_accounts_outreach ON registry_accounts (account_type, migration_state, license_state);
