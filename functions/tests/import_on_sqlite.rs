//! The import's SQL and the real migrations, run on real SQLite (D1 is SQLite).
//! Here, beside the store it runs on, so that `import` needs nothing of `functions`.

// A test that cannot read its own fixtures should stop loudly.
#![allow(clippy::unwrap_used)]

mod support;

use functions::store::sqlite::Sqlite;
use support::{count, empty_registry, migrated_over};

const DEMO_REGISTRY: &str = include_str!("../../dev/demo-registry.csv");
const HEADER: &str = "registry_number,account_type,examiner_registry_number,first_name,last_name,license_number,license_state,primary_email,secondary_email,migration_state,login_gov_subject,certification_issued,certification_expires";

fn load(db: &Sqlite, csv: &str) {
    let accounts = import::parse_registry_csv(csv).unwrap();
    db.connection().execute_batch(&import::to_sql(&accounts)).unwrap();
}

fn snapshot(db: &Sqlite) -> Vec<String> {
    let db = db.connection();
    let mut rows = db
        .prepare("SELECT registry_accounts.*, (SELECT count(*) FROM audit_events) FROM registry_accounts ORDER BY id")
        .unwrap();
    let columns = rows.column_count();
    rows.query_map([], |row| {
        Ok((0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn row_errors(csv: &str) -> Vec<String> {
    import::parse_registry_csv(csv).unwrap_err().iter().map(ToString::to_string).collect()
}

#[test]
fn the_demo_registry_loads_with_one_audit_event_per_account() {
    let db = empty_registry();
    load(&db, DEMO_REGISTRY);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts"), 9);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'account_imported'"), 9);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE account_type = 'examiner'"), 7);
    assert_eq!(
        count(&db, "SELECT count(*) FROM registry_accounts WHERE lower(primary_email) = 'family.carter@example.com'"),
        2,
        "the demo has two accounts sharing one email"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE migration_state = 'linked'"), 1);
}

#[test]
fn the_import_stores_parsed_values_and_the_license_as_written() {
    let db = empty_registry();
    load(&db, &format!("{HEADER}\n123-456 7890,Medical Examiner,,Pat,O'Neil,md-12 34,maryland,Pat@Example.com,,,,,\n"));
    let row: [String; 5] = db
        .connection()
        .query_row(
            "SELECT registry_number, license_number, license_key, license_state, last_name FROM registry_accounts",
            [],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
        )
        .unwrap();
    assert_eq!(row, ["1234567890", "md-12 34", "MD1234", "MD", "O'Neil"]);
}

#[test]
fn migration_0005_on_a_registry_already_loaded_keeps_every_row_and_fills_what_it_adds() {
    // As the import wrote rows before 0005: the license as its key.
    let db = migrated_over(
        "INSERT INTO registry_accounts (registry_number, account_type, first_name, last_name, license_number, \
               license_state, primary_email, secondary_email) \
             VALUES ('1000000001', 'examiner', 'Maria', 'Lopez', 'MD483920', 'MD', 'Maria.Lopez@Example.com', 'm@home.example');
             INSERT INTO registry_accounts (registry_number, account_type, examiner_registry_number, first_name, last_name, primary_email) \
             VALUES ('2000000001', 'assistant', '1000000001', 'Emily', 'Rogers', 'emily@example.com');
             INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body) \
             VALUES (1, 'migrated', 'maria.lopez@example.com', 's', 't', 'h');",
        "0005",
    );
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE license_key = 'MD483920'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE license_key IS NULL"), 1, "the assistant");
    assert_eq!(count(&db, "SELECT count(*) FROM account_emails"), 3);
    assert_eq!(count(&db, "SELECT count(*) FROM account_emails WHERE address = 'maria.lopez@example.com'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox"), 1);
    let without_key = db.connection().execute(
        "UPDATE registry_accounts SET license_number = 'MD-1', license_key = NULL WHERE registry_number = '1000000001'",
        [],
    );
    assert!(without_key.unwrap_err().to_string().contains("license_key"));
}

#[test]
fn every_address_is_in_account_emails_in_lower_case() {
    let db = empty_registry();
    load(
        &db,
        &format!("{HEADER}\n1234567890,Medical Examiner,,Pat,Doe,1,MD,Pat@Example.com,Pat.Home@Example.org,,,,\n"),
    );
    let addresses = |db: &Sqlite| -> Vec<(String, String)> {
        let db = db.connection();
        let mut rows = db.prepare("SELECT slot, address FROM account_emails ORDER BY slot").unwrap();
        rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let pair = |slot: &str, address: &str| (slot.to_owned(), address.to_owned());
    assert_eq!(addresses(&db), [pair("primary", "pat@example.com"), pair("secondary", "pat.home@example.org")]);
    db.connection()
        .execute_batch("UPDATE registry_accounts SET primary_email = 'New@Example.com', secondary_email = NULL")
        .unwrap();
    assert_eq!(addresses(&db), [pair("primary", "new@example.com")]);
}

#[test]
fn running_the_same_file_again_changes_nothing() {
    let db = empty_registry();
    load(&db, DEMO_REGISTRY);
    let before = snapshot(&db);
    load(&db, DEMO_REGISTRY);
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_file_with_one_bad_row_loads_nothing_and_names_the_line() {
    let csv = format!("{HEADER}\n1000000001,examiner,,Maria,Lopez,MD1,MD,maria@example.com,,,,,\n12345,examiner,,Bad,Number,MD2,MD,bad@example.com,,,,,\n");
    assert_eq!(row_errors(&csv), ["line 3: registry_number: A National Registry number has 10 digits."]);
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_reason() {
    let csv = format!(
        "{HEADER}\n\
         1000000001,examiner,,Maria,Lopez,,,maria@example.com,,,,,\n\
         1000000002,examiner,,Ann,Lee,L1,Ontario,ann@example.com,,,,,\n\
         1000000003,examiner,,Bo,Ray,L2,TX,not-an-email,,,,,\n\
         1000000004,pilot,,Cy,Day,L3,TX,cy@example.com,,,,,\n\
         2000000001,assistant,,Di,Fox,,,di@example.com,,,,,\n\
         2000000002,assistant,1000000009,Ed,Gray,,,ed@example.com,,,,,\n\
         1000000005,examiner,,Flo,Hunt,L4,TX,flo@example.com,,linked,,,\n\
         1000000006,examiner,,Gus,Ives,L5,TX,gus@example.com,,,,2024-02-30,2030-01-01\n\
         1000000007,examiner,,Hal,Jo,L6,TX,hal@example.com,,,,2030-01-01,2020-01-01\n\
         1000000010,examiner,,Ivy,Lu,L8,TX,ivy@example.com,,,,,\n\
         1000000010,examiner,,Ivy,Lu,L8,TX,ivy2@example.com,,,,,\n\
         1000000008,examiner,,Ida,Kim,L7,TX,ida@example.com,IDA@example.com,,,,\n"
    );
    assert_eq!(
        row_errors(&csv),
        [
            "line 2: license_number: a Medical Examiner has a professional license number and State",
            "line 3: license_state: Select a State, the District of Columbia or a U.S. territory from the list.",
            "line 4: primary_email: Enter an email address like name@example.com.",
            "line 5: account_type: Select Medical Examiner, Medical Examiner Administrative Assistant or Third Party.",
            "line 6: examiner_registry_number: a Medical Examiner Administrative Assistant works for an examiner; give the examiner's National Registry number",
            "line 7: examiner_registry_number: no Medical Examiner with number 1000000009 in this file",
            "line 8: login_gov_subject: it is given exactly when migration_state is linked",
            "line 9: certification_issued: \"2024-02-30\" is not a date written YYYY-MM-DD",
            "line 10: certification_expires: it comes after certification_issued",
            "line 12: registry_number: 1000000010 appears on an earlier line",
            "line 13: secondary_email: it repeats the primary email; leave it empty",
        ]
    );
}

#[test]
fn a_date_of_birth_is_optional_as_a_column_and_as_a_value_and_checked_when_given() {
    // HEADER has no date_of_birth column.
    let db = empty_registry();
    load(&db, &format!("{HEADER}\n1000000001,examiner,,Maria,Lopez,MD-1,MD,maria@example.com,,,,,\n"));
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE date_of_birth IS NULL"), 1);
    let with_one =
        format!("{HEADER},date_of_birth\n1000000002,examiner,,Ann,Lee,TX-1,TX,ann@example.com,,,,,,1971-03-09\n");
    load(&db, &with_one);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE date_of_birth = '1971-03-09'"), 1);
    let bad = format!(
        "{HEADER},date_of_birth\n1000000003,examiner,,Bo,Ray,TX-2,TX,bo@example.com,,,,,,03/09/1971\n\
         1000000004,examiner,,Cy,Day,TX-3,TX,cy@example.com,,,,,,1850-01-01\n"
    );
    assert_eq!(
        row_errors(&bad),
        [
            "line 2: date_of_birth: \"03/09/1971\" is not a date written YYYY-MM-DD",
            "line 3: date_of_birth: \"1850-01-01\" is before 1900",
        ]
    );
}

#[test]
fn a_missing_or_unknown_column_is_reported_on_the_header_line() {
    let missing = HEADER.replace(",certification_expires", "");
    assert_eq!(row_errors(&missing), ["line 1: the column \"certification_expires\" is missing"]);
    let unknown = format!("{HEADER},password");
    assert!(row_errors(&unknown)[0].starts_with("line 1: unknown column \"password\""));
}

#[test]
fn a_row_with_too_few_fields_is_reported() {
    let csv = format!("{HEADER}\n1000000001,examiner\n");
    assert_eq!(row_errors(&csv).len(), 1);
    assert!(row_errors(&csv)[0].starts_with("line 2: "));
}

#[test]
fn audit_events_cannot_be_edited_or_removed() {
    let db = empty_registry();
    load(&db, DEMO_REGISTRY);
    let update = db.connection().execute("UPDATE audit_events SET event = 'nothing_happened'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = db.connection().execute("DELETE FROM audit_events", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn the_schema_refuses_a_second_account_with_the_same_registry_number_or_login_gov_subject() {
    let db = empty_registry();
    load(&db, DEMO_REGISTRY);
    let same_number = db.connection().execute(
        "INSERT INTO registry_accounts (registry_number, account_type, first_name, last_name, license_number, license_key, license_state, primary_email) \
         VALUES ('1000000001', 'examiner', 'A', 'B', 'L', 'L', 'MD', 'a@example.com')",
        [],
    );
    assert!(same_number.unwrap_err().to_string().contains("UNIQUE"));
    let same_subject = db.connection().execute(
        "UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = '7d0c1b7e-5c2e-4a47-9a4e-2b1f0c6d8e31' \
         WHERE registry_number = '1000000001'",
        [],
    );
    assert!(same_subject.unwrap_err().to_string().contains("UNIQUE"));
}

#[test]
fn the_schema_refuses_a_linked_account_without_a_subject_and_an_assistant_without_an_examiner() {
    let db = empty_registry();
    load(&db, DEMO_REGISTRY);
    let linked_without_subject = db
        .connection()
        .execute("UPDATE registry_accounts SET migration_state = 'linked' WHERE registry_number = '1000000001'", []);
    assert!(linked_without_subject.unwrap_err().to_string().contains("CHECK"));
    let orphan = db.connection().execute(
        "INSERT INTO registry_accounts (registry_number, account_type, examiner_registry_number, first_name, last_name, primary_email) \
         VALUES ('2000000009', 'assistant', '1999999999', 'A', 'B', 'a@example.com')",
        [],
    );
    assert!(orphan.unwrap_err().to_string().contains("FOREIGN KEY"));
}
