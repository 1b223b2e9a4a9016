//! The operators' commands (`scripts/staff`, `scripts/outbox`), on real SQLite
//! with the real migrations: the store's statements with their values written
//! in, as the `operator` binary gives them to `wrangler d1 execute --command`.
#![allow(clippy::unwrap_used)]

mod support;

use domain::staff::Role;
use domain::Email;
use functions::store::sqlite::Sqlite;
use functions::store::{outbox, staff_side, Statement};
use support::count;

/// Runs the statements as the command's one SQL text.
fn run(db: &Sqlite, statements: &[Statement]) {
    let sql: Vec<String> = statements.iter().map(Statement::inlined).collect();
    db.connection().execute_batch(&sql.join(";\n")).unwrap();
}

fn member(db: &Sqlite, email: &str) -> Option<String> {
    use rusqlite::OptionalExtension;
    db.connection()
        .query_row("SELECT role FROM staff_members WHERE email = ?1 AND removed_at IS NULL", [email], |row| row.get(0))
        .optional()
        .unwrap()
}

#[test]
fn a_member_is_added_given_another_role_and_removed_each_audited_with_who_ran_it() {
    let db = support::demo_registry();
    // An apostrophe is a valid address and the end of an SQL literal: it must stay the address.
    let email = Email::parse("Pat.O'Neil@DOT.gov").unwrap();
    run(&db, &staff_side::add_by_command(&email, Role::HelpDesk, "operator-1"));
    assert_eq!(member(&db, "pat.o'neil@dot.gov").as_deref(), Some("help_desk"));
    run(&db, &staff_side::add_by_command(&email, Role::Admin, "operator-1"));
    assert_eq!(member(&db, "pat.o'neil@dot.gov").as_deref(), Some("admin"));
    assert_eq!(count(&db, "SELECT count(*) FROM staff_members WHERE email = 'pat.o''neil@dot.gov'"), 1);

    let listed = count(&db, &format!("SELECT count(*) FROM ({})", staff_side::list_for_command().inlined()));
    assert_eq!(listed, count(&db, "SELECT count(*) FROM staff_members WHERE removed_at IS NULL"));

    run(&db, &staff_side::remove_by_command(&email, "operator-2"));
    assert_eq!(member(&db, "pat.o'neil@dot.gov"), None);
    let audit = |event: &str| {
        let connection = db.connection();
        let mut statement = connection
            .prepare("SELECT actor, detail FROM audit_events WHERE event = ?1 AND account_id IS NULL ORDER BY id")
            .unwrap();
        statement
            .query_map([event], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        audit("staff_member_added"),
        [
            ("command".to_owned(), "pat.o'neil@dot.gov help_desk (run by operator-1)".to_owned()),
            ("command".to_owned(), "pat.o'neil@dot.gov admin (run by operator-1)".to_owned()),
        ]
    );
    assert_eq!(
        audit("staff_member_removed"),
        [("command".to_owned(), "pat.o'neil@dot.gov admin (run by operator-2)".to_owned())]
    );
    // Removing someone not on the list changes nothing and records nothing.
    run(&db, &staff_side::remove_by_command(&email, "operator-2"));
    assert_eq!(audit("staff_member_removed").len(), 1);
}

#[test]
fn the_dead_letters_are_listed_and_retried_as_due_at_once() {
    let db = support::demo_registry();
    db.connection()
        .execute_batch(
            "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, status, attempts, \
               last_error, sent_at) \
             VALUES (1, 'migrated', 'maria.lopez@example.com', 's', 't', 'h', 'failed', 12, '503 Service Unavailable', NULL), \
                    (2, 'migrated', 'family.carter@example.com', 's', '', '', 'sent', 1, NULL, '2026-12-01T00:00:00Z')",
        )
        .unwrap();
    let listed = count(&db, &format!("SELECT count(*) FROM ({})", outbox::list_failed().inlined()));
    assert_eq!(listed, 1);
    run(&db, &[outbox::retry_failed()]);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE status = 'failed'"), 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM email_outbox WHERE account_id = 1 AND status = 'pending' AND attempts = 0 \
             AND next_attempt_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 2 AND status = 'sent'"), 1);
}
