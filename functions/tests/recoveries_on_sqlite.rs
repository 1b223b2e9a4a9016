//! Two-person recoveries on real SQLite with the real migrations: a request
//! tells the account's addresses and changes nothing; only another staff
//! member's approval carries it out, once.
#![allow(clippy::unwrap_used)]

use domain::emails;
use domain::identity::{CorrectedIdentity, OnFile};
use domain::link_token::LinkToken;
use domain::staff::{ActionChange, Reason, Recovery};
use domain::Email;
use functions::store::recoveries::{self, Decision};
use functions::store::Database;
use pollster::block_on;
use support::{count, demo_registry, migrated_over};

mod support;

const DAVID: i64 = 6;
const DANA: i64 = 1;
const ALEX: i64 = 3;

fn reason(text: &str) -> Reason {
    Reason::parse(text).unwrap()
}

/// The request waiting for the account, decided by `staff_id`.
fn decision(db: &functions::store::sqlite::Sqlite, account_id: i64, staff_id: i64) -> Decision {
    let request_id = block_on(recoveries::waiting(db, account_id, staff_id)).unwrap().unwrap().shown.request_id;
    Decision { account_id, request_id, staff_id }
}

fn subject_of_david(db: &functions::store::sqlite::Sqlite) -> Option<String> {
    db.connection().query_row("SELECT login_gov_subject FROM registry_accounts WHERE id = 6", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_request_tells_the_accounts_addresses_and_changes_nothing_until_another_member_approves() {
    let db = demo_registry();
    let primary = Email::parse("david.park@example.com").unwrap();
    let notice = emails::recovery_requested(&primary, Recovery::Unlink.words());
    let asked = block_on(db.batch(&recoveries::request(
        DAVID,
        Recovery::Unlink,
        &ActionChange::Nothing,
        &reason("Lost phone"),
        DANA,
        std::slice::from_ref(&notice),
    )))
    .unwrap();
    assert!(recoveries::took_effect(&asked));
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 6 AND kind = 'recovery_requested'"), 1);
    assert!(subject_of_david(&db).is_some(), "nothing changed yet");

    // A second request while one waits changes nothing and tells nobody again.
    let again = block_on(db.batch(&recoveries::request(
        DAVID,
        Recovery::Unlink,
        &ActionChange::Nothing,
        &reason("Again"),
        ALEX,
        &[notice],
    )))
    .unwrap();
    assert!(!recoveries::took_effect(&again));
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 6 AND kind = 'recovery_requested'"), 1);

    // The member who asked cannot approve it.
    let own = block_on(db.batch(&recoveries::approve_unlink(decision(&db, DAVID, DANA), &reason("Approving my own"))))
        .unwrap();
    assert!(!recoveries::took_effect(&own));
    assert!(subject_of_david(&db).is_some());
    let waiting = block_on(recoveries::waiting(&db, DAVID, DANA)).unwrap().unwrap();
    assert!(waiting.shown.yours && waiting.requested_by == DANA);

    // Another member approves: carried out once, audited as theirs.
    let approving = decision(&db, DAVID, ALEX);
    let approved = block_on(db.batch(&recoveries::approve_unlink(approving, &reason("Checked his ID")))).unwrap();
    assert!(recoveries::took_effect(&approved));
    assert_eq!(subject_of_david(&db), None);
    assert!(block_on(recoveries::waiting(&db, DAVID, ALEX)).unwrap().is_none());
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_events WHERE account_id = 6 AND event = 'staff_unlinked' AND actor = 'staff:3'"
        ),
        1
    );
    let twice = block_on(db.batch(&recoveries::approve_unlink(approving, &reason("Again")))).unwrap();
    assert!(!recoveries::took_effect(&twice));
}

#[test]
fn the_table_itself_refuses_a_decision_by_the_member_who_asked() {
    let db = demo_registry();
    block_on(db.batch(&recoveries::request(
        DAVID,
        Recovery::Unlink,
        &ActionChange::Nothing,
        &reason("Lost phone"),
        DANA,
        &[],
    )))
    .unwrap();
    let forced =
        db.connection().execute("UPDATE recovery_requests SET decided_by = 1, approved = 1, decided_at = 'now'", []);
    assert!(forced.is_err(), "CHECK (decided_by <> requested_by)");
}

#[test]
fn a_new_primary_email_approved_sends_its_confirmation_link_and_a_rejection_sends_nothing() {
    let db = demo_registry();
    let new_email = Email::parse("maria.new@example.com").unwrap();
    let change = ActionChange::PrimaryEmail(new_email.clone());
    let ask = |by| recoveries::request(1, Recovery::SetPrimaryEmail, &change, &reason("New job"), by, &[]);
    block_on(db.batch(&ask(DANA))).unwrap();
    block_on(db.batch(&recoveries::reject(decision(&db, 1, ALEX), &reason("Caller could not say her number"))))
        .unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 1"), 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE account_id = 1 AND event = 'staff_recovery_rejected'"),
        1
    );

    block_on(db.batch(&ask(DANA))).unwrap();
    let token = LinkToken::from_random_bytes([7; 32]);
    let confirmation = emails::confirm_email_change(&new_email, "primary email", "https://r/account/email/confirm/x");
    let asked = decision(&db, 1, ALEX);
    // A decision names the request it read: another one is not decided by it.
    let stale = Decision { request_id: asked.request_id - 1, ..asked };
    assert!(!recoveries::took_effect(&block_on(db.batch(&recoveries::reject(stale, &reason("Stale")))).unwrap()));
    let approved = recoveries::approve_primary_email(asked, &reason("Verified"), &new_email, &token, &confirmation);
    block_on(db.batch(&approved)).unwrap();
    assert_eq!(
        count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 1 AND kind = 'confirm_email_change'"),
        1
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM account_links WHERE account_id = 1 AND purpose = 'confirm_email_change'"),
        1
    );
}

/// Migration 0015 rebuilds the outbox around the dev mailbox that names its rows.
#[test]
fn migration_0015_keeps_every_outbox_and_mailbox_row_and_their_link() {
    let db = migrated_over(
        "INSERT INTO registry_accounts (registry_number, account_type, first_name, last_name, license_number, \
               license_state, license_key, primary_email) \
             VALUES ('1000000001', 'examiner', 'Maria', 'Lopez', 'MD-1', 'MD', 'MD1', 'maria@example.com');
             INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, status, sent_at) \
             VALUES (1, 'migrated', 'maria@example.com', 's', '', '', 'sent', '2026-01-01T00:00:00.000Z');
             INSERT INTO dev_mailbox (outbox_id, to_address, subject, text_body, html_body) \
             VALUES (1, 'maria@example.com', 's', 't', 'h');",
        "0015",
    );
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE status = 'sent'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM dev_mailbox d JOIN email_outbox o ON o.id = d.outbox_id"), 1);
    let orphan = db.connection().execute(
        "INSERT INTO dev_mailbox (outbox_id, to_address, subject, text_body, html_body) VALUES (99, 'x', 's', 't', 'h')",
        [],
    );
    assert!(orphan.is_err(), "the mailbox still names outbox rows by a foreign key");
    db.connection()
        .execute(
            "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body) \
             VALUES (1, 'recovery_requested', 'maria@example.com', 's', 't', 'h')",
            [],
        )
        .unwrap();
}

#[test]
fn a_corrected_name_is_put_on_file_only_when_another_member_approves_and_keeps_the_date_of_birth_if_none_is_given() {
    let db = demo_registry();
    let on_file = |db: &functions::store::sqlite::Sqlite| -> (String, String, Option<String>) {
        db.connection()
            .query_row("SELECT first_name, last_name, date_of_birth FROM registry_accounts WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap()
    };
    let before = on_file(&db);
    let corrected =
        CorrectedIdentity { first_name: "Maria".into(), last_name: "Lopez-Hart".into(), date_of_birth: None };
    let change = ActionChange::Identity(corrected.clone());
    let reason_given = reason("Married; saw her license and marriage certificate");
    block_on(db.batch(&recoveries::request(1, Recovery::CorrectIdentity, &change, &reason_given, DANA, &[]))).unwrap();
    assert_eq!(on_file(&db), before, "nothing changed yet");
    let waiting = block_on(recoveries::waiting(&db, 1, ALEX)).unwrap().unwrap();
    assert_eq!(waiting.shown.corrected.as_ref(), Some(&corrected), "the approver reads what goes on file");

    let maria = OnFile { first_name: &before.0, last_name: &before.1, date_of_birth: before.2.as_deref() };
    let own = recoveries::approve_identity(decision(&db, 1, DANA), &reason("Mine"), &maria, &corrected);
    assert!(!recoveries::took_effect(&block_on(db.batch(&own)).unwrap()));
    assert_eq!(on_file(&db), before);

    let approved = recoveries::approve_identity(decision(&db, 1, ALEX), &reason("Documents seen"), &maria, &corrected);
    assert!(recoveries::took_effect(&block_on(db.batch(&approved)).unwrap()));
    assert_eq!(on_file(&db), ("Maria".into(), "Lopez-Hart".into(), before.2.clone()), "the date of birth kept");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_events WHERE account_id = 1 AND event = 'staff_identity_corrected' \
             AND actor = 'staff:3' AND detail = 'name from Maria Lopez to Maria Lopez-Hart: Documents seen'"
        ),
        1
    );
}

#[test]
fn the_table_refuses_a_correction_without_its_name() {
    let db = demo_registry();
    let forced = db.connection().execute(
        "INSERT INTO recovery_requests (account_id, recovery, new_first_name, reason, requested_by) \
         VALUES (1, 'correct_identity', 'Maria', 'no last name', 1)",
        [],
    );
    assert!(forced.is_err(), "a correction names both names");
}
