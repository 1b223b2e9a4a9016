-- Identity verification where an address proves nothing (issue 18).
--
-- The legacy registry's date of birth, where it holds one: a sign-in that
-- must verify the person's identity compares it with login.gov's verified one.
ALTER TABLE registry_accounts ADD COLUMN date_of_birth TEXT
    CHECK (date_of_birth IS NULL OR date(date_of_birth) = date_of_birth);

-- Set when the addresses of an account no longer prove who is signing in: an
-- address given while no login.gov identity held the account (a shared-email
-- fix link, the help desk's new primary address, a script), or the account
-- let go by its identity (a help-desk recovery). Its next link then needs a
-- login.gov identity verification whose name (and date of birth) is the
-- account's. Triggers, so that whatever changes an account sets it.
ALTER TABLE registry_accounts ADD COLUMN verify_identity_to_link INTEGER NOT NULL DEFAULT 0
    CHECK (verify_identity_to_link IN (0, 1));

CREATE TRIGGER new_address_needs_identity_verification
AFTER UPDATE OF primary_email, secondary_email ON registry_accounts
WHEN NEW.login_gov_subject IS NULL
    AND (NEW.primary_email IS NOT OLD.primary_email OR NEW.secondary_email IS NOT OLD.secondary_email)
BEGIN
    UPDATE registry_accounts SET verify_identity_to_link = 1 WHERE id = NEW.id;
END;

CREATE TRIGGER recovered_account_needs_identity_verification
AFTER UPDATE OF login_gov_subject ON registry_accounts
WHEN OLD.login_gov_subject IS NOT NULL AND NEW.login_gov_subject IS NULL
BEGIN
    UPDATE registry_accounts SET verify_identity_to_link = 1 WHERE id = NEW.id;
END;

-- Accounts that went through one of those before this migration, once, from
-- the audit (a one-time read of the table; nothing runs it again).
UPDATE registry_accounts SET verify_identity_to_link = 1
WHERE login_gov_subject IS NULL AND id IN (
    SELECT account_id FROM audit_events
    WHERE event IN ('primary_email_changed', 'staff_unlinked', 'staff_primary_email_requested', 'email_changed')
);
