-- The registry's staff (domain::staff). A member is named by email
-- (scripts/staff add) and found by it at their first staff sign-in, when
-- login.gov has verified it; from then on by their login.gov `sub`.
CREATE TABLE staff_members (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    role              TEXT NOT NULL CHECK (role IN ('help_desk', 'program_office', 'admin')),
    login_gov_subject TEXT UNIQUE,
    added_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The help desk finds people by the start of their last name.
CREATE INDEX registry_accounts_last_name ON registry_accounts (lower(last_name));

-- Which login.gov email linked the account (the help desk's "linked by"); set by the link.
ALTER TABLE registry_accounts ADD COLUMN linked_email TEXT;
