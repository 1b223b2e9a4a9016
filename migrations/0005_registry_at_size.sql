-- The registry at its real size (92,625 examiners and their staff): every
-- statement the worker runs is an index search (functions/tests/query_plans_on_sqlite.rs).

-- Every address on file, one row per account and slot, in lower case: finding
-- accounts by email, counting who shares an address and checking that one is
-- taken are one index search each, where an OR over the primary and secondary
-- columns read the whole table. Kept by the triggers below, so every write to
-- registry_accounts (the import, the fix, My account) keeps it true.
CREATE TABLE account_emails (
    account_id INTEGER NOT NULL REFERENCES registry_accounts (id),
    slot       TEXT NOT NULL CHECK (slot IN ('primary', 'secondary')),
    address    TEXT NOT NULL CHECK (address = lower(address)),
    PRIMARY KEY (account_id, slot)
) WITHOUT ROWID;

CREATE INDEX account_emails_address ON account_emails (address, account_id);

INSERT INTO account_emails (account_id, slot, address)
    SELECT id, 'primary', lower(primary_email) FROM registry_accounts;
INSERT INTO account_emails (account_id, slot, address)
    SELECT id, 'secondary', lower(secondary_email) FROM registry_accounts WHERE secondary_email IS NOT NULL;

CREATE TRIGGER account_emails_of_a_new_account AFTER INSERT ON registry_accounts
BEGIN
    INSERT INTO account_emails (account_id, slot, address) VALUES (NEW.id, 'primary', lower(NEW.primary_email));
    INSERT INTO account_emails (account_id, slot, address)
        SELECT NEW.id, 'secondary', lower(NEW.secondary_email) WHERE NEW.secondary_email IS NOT NULL;
END;

CREATE TRIGGER account_emails_of_a_new_primary AFTER UPDATE OF primary_email ON registry_accounts
BEGIN
    UPDATE account_emails SET address = lower(NEW.primary_email) WHERE account_id = NEW.id AND slot = 'primary';
END;

CREATE TRIGGER account_emails_of_a_new_secondary AFTER UPDATE OF secondary_email ON registry_accounts
BEGIN
    DELETE FROM account_emails WHERE account_id = NEW.id AND slot = 'secondary';
    INSERT INTO account_emails (account_id, slot, address)
        SELECT NEW.id, 'secondary', lower(NEW.secondary_email) WHERE NEW.secondary_email IS NOT NULL;
END;

-- License numbers are kept as the registry wrote them ("MD-483920") and matched
-- on this key: letters upper-cased, spaces and dashes dropped (domain::LicenseNumber::key).
-- Rows imported before this migration were stored as their key already. (A
-- column added with a CHECK is checked against every existing row at once, so
-- the rule that a license has its key is a trigger, after the backfill.)
ALTER TABLE registry_accounts ADD COLUMN license_key TEXT;
UPDATE registry_accounts SET license_key = upper(replace(replace(license_number, '-', ''), ' ', ''))
    WHERE license_number IS NOT NULL;

CREATE TRIGGER a_license_has_its_key BEFORE INSERT ON registry_accounts
    WHEN (NEW.license_key IS NULL) <> (NEW.license_number IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'license_key is given exactly when license_number is');
END;

CREATE TRIGGER a_changed_license_has_its_key BEFORE UPDATE OF license_number, license_key ON registry_accounts
    WHEN (NEW.license_key IS NULL) <> (NEW.license_number IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'license_key is given exactly when license_number is');
END;

-- account_emails answers what these two expression indexes could not.
DROP INDEX registry_accounts_primary_email;
DROP INDEX registry_accounts_secondary_email;

-- The sweep of old rate-limit counters reads by window.
CREATE INDEX rate_limits_window ON rate_limits (window_start);
