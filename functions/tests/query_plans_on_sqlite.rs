//! Every statement the worker runs is an index search, on the full-size
//! registry (92,625 examiners and their staff, import::synthetic) with the real
//! migrations: SQLite's `EXPLAIN QUERY PLAN` may not say `SCAN` of any table.
//! On D1 a scan costs time and money (rows read are billed) and, before an
//! answer that must not tell whether an account exists, it leaks that in time.
//! The statements come from `store::every_statement()`, which lists each one
//! declared with `statements!`: a new statement is checked without anyone
//! adding it here.
#![allow(clippy::unwrap_used)]

mod support;

use functions::store::every_statement;
use functions::store::sqlite::Sqlite;
use rusqlite::Connection;

/// What a plan may scan: the request's own values (a VALUES list, a JSON
/// array), and the tables that stay small whatever the registry's size and
/// however long it runs — `funnel_counts`, a row per account type, State and stage (at most
/// 3 × 56 × 4), and `funnel_people` (a row per role), copied whole by the
/// cron, and `staff_members`, the staff
/// list an administrator reads whole (a few dozen people, at most 500 read;
/// those removed stay, marked: a handful a year).
fn scans_own_values(step: &str) -> bool {
    step.starts_with("SCAN json_each")
        || step == "SCAN CONSTANT ROW"
        || step.ends_with("-ROW VALUES CLAUSE")
        || step == "SCAN funnel_counts"
        || step == "SCAN funnel_people"
        || step.starts_with("SCAN staff_members")
}

/// The plan of one statement, one line per step, with its parameters unbound (NULL).
fn plan(db: &Connection, sql: &str) -> Vec<String> {
    let mut explain = db.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    let nulls = vec![rusqlite::types::Null; explain.parameter_count()];
    explain
        .query_map(rusqlite::params_from_iter(nulls), |row| row.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The steps of a plan that read a whole table (or a whole index of one).
fn scans(plan: &[String]) -> Vec<String> {
    plan.iter().filter(|step| step.starts_with("SCAN ") && !scans_own_values(step)).cloned().collect()
}

/// The full-size registry (its assistants and third parties each a person
/// with a grant), and rows in every table that grows with time, so
/// that the planner (after ANALYZE especially) sees tables of their real shape.
fn full_size_registry() -> Sqlite {
    let db = support::full_size_registry();
    let connection = db.connection();
    connection
        .execute_batch(
            "INSERT INTO account_links (token_hash, account_id, purpose, expires_at) \
               SELECT lower(hex(randomblob(32))), id, 'duplicate_email_fix', '2030-01-01T00:00:00Z' \
               FROM registry_accounts WHERE id % 10 = 0;
             INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, status, sent_at) \
               SELECT id, 'migrated', primary_email, 's', 't', 'h', 'sent', '2026-01-01T00:00:00Z' \
               FROM registry_accounts WHERE id % 5 = 0;
             INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body) \
               SELECT id, 'migrated', primary_email, 's', 't', 'h' FROM registry_accounts WHERE id % 50 = 1;
             INSERT INTO people (login_gov_subject, email) \
               SELECT 'sub-' || registry_number, primary_email FROM registry_accounts WHERE account_type <> 'examiner';
             INSERT INTO grants (person_id, registry_number, examiner_id, role, state, name, organization, decided_at, expires_at) \
               SELECT p.id, e.registry_number, e.id, a.account_type, 'approved', a.first_name, \
                 CASE WHEN a.account_type = 'third_party' THEN 'Org' END, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z' \
               FROM registry_accounts a JOIN people p ON p.login_gov_subject = 'sub-' || a.registry_number \
               JOIN registry_accounts e ON e.registry_number = a.examiner_registry_number;
             INSERT INTO rate_limits (bucket, window_start, hits) \
               SELECT 'transfer-number:' || registry_number, '2026-01-01T00:00:00Z', 1 FROM registry_accounts;",
        )
        .unwrap();
    drop(connection);
    db
}

#[test]
fn no_statement_of_the_worker_or_the_import_scans_a_table_before_or_after_analyze() {
    let db = full_size_registry();
    let connection = db.connection();
    let accounts: i64 = connection.query_row("SELECT count(*) FROM registry_accounts", [], |r| r.get(0)).unwrap();
    assert!(accounts > 100_000, "{accounts} accounts");
    // The import's statements, as it writes them for a file of two accounts.
    let file: Vec<String> = import::synthetic::full_size_registry_csv().lines().take(3).map(str::to_owned).collect();
    let import_sql = import::to_sql(&import::parse_registry_csv(&file.join("\n")).unwrap());
    let statements: Vec<(String, String)> = every_statement()
        .map(|(name, sql)| (name, sql.text().to_owned()))
        .chain(import_sql.split(";\n").filter(|s| !s.trim().is_empty()).map(|s| ("import".to_owned(), s.to_owned())))
        .collect();
    assert!(statements.len() > 25, "the worker's statements are listed: {}", statements.len());

    for analyzed in [false, true] {
        if analyzed {
            // D1 keeps statistics as `PRAGMA optimize` does; the plans must hold with and without them.
            connection.execute_batch("ANALYZE").unwrap();
        }
        let scanning: Vec<String> = statements
            .iter()
            .filter_map(|(name, sql)| {
                let found = scans(&plan(&connection, sql));
                (!found.is_empty()).then(|| format!("{name}: {}", found.join("; ")))
            })
            .collect();
        assert!(scanning.is_empty(), "full scans (analyzed: {analyzed}):\n{}", scanning.join("\n"));
    }
}

/// The check itself: the statements of before this test existed read the
/// whole registry, and it says so; so would a count over the audit log.
#[test]
fn the_check_finds_the_scans_of_an_or_over_two_email_columns() {
    let db = full_size_registry();
    let connection = db.connection();
    let before = [
        "SELECT id FROM registry_accounts WHERE lower(primary_email) IN (SELECT lower(value) FROM json_each(?1)) \
           OR lower(secondary_email) IN (SELECT lower(value) FROM json_each(?1))",
        "SELECT count(*) FROM registry_accounts WHERE id <> ?1 \
           AND (lower(primary_email) = lower(?2) OR lower(secondary_email) = lower(?2))",
        // And a count that reads every audit event there ever was.
        "SELECT count(*) FROM audit_events WHERE event = 'signed_in'",
    ];
    for sql in before {
        assert!(!scans(&plan(&connection, sql)).is_empty(), "{sql}");
    }
}
