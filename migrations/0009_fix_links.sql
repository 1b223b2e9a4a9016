-- A fix link is not an oracle: each address refused as "used by another
-- account" is counted, and the link is spent after a few (domain::email_fix::REFUSALS_PER_LINK).
ALTER TABLE account_links ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;
