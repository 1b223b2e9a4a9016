-- Every address that two accounts held at the same time, ever: a sign-in that
-- matches an account by one of them asks for a proof before linking
-- (domain::link_confirmation). An account that moves to an address of its own
-- leaves the old one here, so the other holder is still asked.
CREATE TABLE shared_addresses (
    address TEXT PRIMARY KEY CHECK (address = lower(address))
) WITHOUT ROWID;

INSERT INTO shared_addresses (address)
    SELECT address FROM account_emails GROUP BY address HAVING count(DISTINCT account_id) > 1;

CREATE TRIGGER shared_address_of_a_new_email AFTER INSERT ON account_emails
WHEN EXISTS (SELECT 1 FROM account_emails WHERE address = NEW.address AND account_id <> NEW.account_id)
BEGIN
    INSERT OR IGNORE INTO shared_addresses (address) VALUES (NEW.address);
END;

CREATE TRIGGER shared_address_of_a_changed_email AFTER UPDATE OF address ON account_emails
WHEN EXISTS (SELECT 1 FROM account_emails WHERE address = NEW.address AND account_id <> NEW.account_id)
BEGIN
    INSERT OR IGNORE INTO shared_addresses (address) VALUES (NEW.address);
END;
