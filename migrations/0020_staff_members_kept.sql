-- A member removed from the staff list keeps their row, marked removed: a
-- DELETE failed for anyone who had composed or approved a campaign (whose
-- row names them), and a deleted row's id — the audit names a member by it,
-- `staff:<id>` — went to the next member added, who then seemed to have done
-- what the one removed did. A removed member has no login.gov identity
-- (their email is claimed again at a first sign-in, once added back) and no
-- session (the generation moves on). The staff list is small: a removed row
-- costs nothing.
ALTER TABLE staff_members ADD COLUMN removed_at TEXT;
