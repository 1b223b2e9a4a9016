-- Values that work once — a sign-in's state (with its nonce and PKCE
-- verifier), a preview's handoff code — kept in D1 and taken by one
-- `DELETE … RETURNING`: two requests with the same value cannot both get it,
-- which KV's read-then-delete (neither atomic nor consistent across
-- locations for about 60 s) could not promise. Keyed by a hash of the value
-- and its purpose; the cron removes the expired ones by `expires_at`.
CREATE TABLE single_use (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    expires_at INTEGER NOT NULL -- Unix seconds
) WITHOUT ROWID;
CREATE INDEX single_use_expiry ON single_use (expires_at);

-- A session is worth something only while its holder's generation is the one
-- it began under (checked at each use, in the D1 read each use already
-- makes): "End sessions", an unlink, or a staff member's new role moves it
-- on, and every session begun before ends at once, for good.
ALTER TABLE registry_accounts ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff_members ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;

-- Whatever changes them (the staff pages, scripts/staff, an unlink): a staff
-- member given another role, or an account let go by its login.gov identity,
-- ends every session begun before — a role restored, or the same identity
-- linked again, does not bring an old session back.
CREATE TRIGGER staff_role_change_ends_sessions AFTER UPDATE OF role ON staff_members
WHEN NEW.role <> OLD.role
BEGIN
    UPDATE staff_members SET session_generation = session_generation + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER unlink_ends_sessions AFTER UPDATE OF login_gov_subject ON registry_accounts
WHEN OLD.login_gov_subject IS NOT NULL AND NEW.login_gov_subject IS NOT OLD.login_gov_subject
BEGIN
    UPDATE registry_accounts SET session_generation = session_generation + 1 WHERE id = NEW.id;
END;
