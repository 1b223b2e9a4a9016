//! The transfer's queries and writes on real SQLite, with the real migrations
//! and the demo registry loaded by the real import.
#![allow(clippy::unwrap_used)]

use domain::emails;
use domain::link_token::LinkToken;
use domain::transfer::{decide, TransferClaim, TransferForm, TransferOutcome};
use domain::MigrationState;
use functions::store::{outbox, transfers, Database};
use pollster::block_on;
use support::{count, demo_registry};

mod support;

fn claim(account_type: &str, number: &str, license: &str, state: &str, email: &str) -> TransferClaim {
    let form = TransferForm {
        account_type: account_type.into(),
        registry_number: number.into(),
        license_number: license.into(),
        license_state: state.into(),
        email: email.into(),
    };
    form.parse().unwrap()
}

fn examiner(number: &str, license: &str, state: &str) -> TransferClaim {
    claim("examiner", number, license, state, "")
}

#[test]
fn an_examiner_is_found_by_number_license_and_state_as_a_person_types_them() {
    let db = demo_registry();
    let found = block_on(transfers::find_claimed(&db, &examiner("100-000-0001", "md 483920", "Maryland"))).unwrap();
    let (account, sharing) = found.unwrap();
    assert_eq!(
        (account.primary_email.as_str(), account.migration_state, sharing),
        ("maria.lopez@example.com", MigrationState::Legacy, 0)
    );
}

#[test]
fn a_wrong_license_or_state_finds_nothing() {
    let db = demo_registry();
    for wrong in [
        examiner("1000000001", "MD483921", "MD"),
        examiner("1000000001", "MD483920", "VA"),
        examiner("1000000009", "MD483920", "MD"),
    ] {
        assert_eq!(block_on(transfers::find_claimed(&db, &wrong)).unwrap(), None);
    }
}

#[test]
fn an_email_another_account_uses_in_any_case_is_counted_as_shared() {
    let db = demo_registry();
    let (_, sharing) =
        block_on(transfers::find_claimed(&db, &examiner("1000000002", "TX77120", "TX"))).unwrap().unwrap();
    assert_eq!(sharing, 1);
}

#[test]
fn an_assistant_is_found_by_the_examiners_number_and_their_own_email_in_any_case() {
    let db = demo_registry();
    let found =
        block_on(transfers::find_claimed(&db, &claim("assistant", "1000000001", "", "", "Emily.Rogers@Example.com")))
            .unwrap();
    assert_eq!(found.map(|(a, _)| a.primary_email.to_string()), Some("emily.rogers@example.com".into()));
}

#[test]
fn an_assistant_is_not_found_as_a_third_party_or_under_another_examiner() {
    let db = demo_registry();
    for wrong in [
        claim("third_party", "1000000001", "", "", "emily.rogers@example.com"),
        claim("assistant", "1000000002", "", "", "emily.rogers@example.com"),
        claim("assistant", "1000000001", "", "", "maria.lopez@example.com"),
    ] {
        assert_eq!(block_on(transfers::find_claimed(&db, &wrong)).unwrap(), None);
    }
}

#[test]
fn a_migration_marks_the_account_queues_the_email_and_audits_it_together() {
    let db = demo_registry();
    let found = block_on(transfers::find_claimed(&db, &examiner("1000000001", "MD483920", "MD"))).unwrap();
    let outcome = decide(found);
    let TransferOutcome::Migrate(account) = &outcome else { panic!("{outcome:?}") };
    let email = emails::migrated(&account.primary_email, "https://login.example/", None);
    block_on(db.batch(&transfers::record("message-1", &outcome, Some(&email), None))).unwrap();

    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE registry_number = '1000000001' AND migration_state = 'migrated'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'migrated' AND status = 'pending' AND to_address = 'maria.lopez@example.com'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'transfer_migrated'"), 1);
}

#[test]
fn a_claim_delivered_twice_is_decided_once() {
    let db = demo_registry();
    let outcome = decide(block_on(transfers::find_claimed(&db, &examiner("1000000001", "MD483920", "MD"))).unwrap());
    let email = emails::migrated(&outcome.account().unwrap().primary_email, "https://login.example/", None);
    assert!(!block_on(transfers::decided(&db, "message-a")).unwrap());
    block_on(db.batch(&transfers::record("message-a", &outcome, Some(&email), None))).unwrap();
    assert!(block_on(transfers::decided(&db, "message-a")).unwrap());
    // A second delivery racing the first: its batch fails whole on the message's key.
    assert!(block_on(db.batch(&transfers::record("message-a", &outcome, Some(&email), None))).is_err());
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'transfer_migrated'"), 1);
}

#[test]
fn two_claims_that_both_decided_to_migrate_send_one_email() {
    let db = demo_registry();
    let outcome = decide(block_on(transfers::find_claimed(&db, &examiner("1000000001", "MD483920", "MD"))).unwrap());
    let email = emails::migrated(&outcome.account().unwrap().primary_email, "https://login.example/", None);
    for message in ["message-a", "message-b"] {
        block_on(db.batch(&transfers::record(message, &outcome, Some(&email), None))).unwrap();
    }
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'transfer_migrated'"), 1);
}

#[test]
fn decided_claims_are_forgotten_after_two_weeks() {
    let db = demo_registry();
    block_on(db.batch(&transfers::record("old", &TransferOutcome::NoMatch, None, None))).unwrap();
    block_on(db.batch(&transfers::record("new", &TransferOutcome::NoMatch, None, None))).unwrap();
    db.connection()
        .execute("UPDATE transfer_claims_decided SET decided_at = '2000-01-01T00:00:00Z' WHERE message_id = 'old'", [])
        .unwrap();
    block_on(transfers::forget_decided(&db)).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM transfer_claims_decided"), 1);
}

#[test]
fn a_duplicate_email_keeps_only_the_links_hash_for_24_hours() {
    let db = demo_registry();
    let (account, sharing) =
        block_on(transfers::find_claimed(&db, &examiner("1000000003", "TX77345", "TX"))).unwrap().unwrap();
    let outcome = decide(Some((account.clone(), sharing)));
    assert!(matches!(outcome, TransferOutcome::DuplicateEmail(_)));
    let link = LinkToken::from_random_bytes([9; 32]);
    let email =
        emails::not_migrated(&account.primary_email, &format!("https://registry.example/fix/{}", link.as_str()), None);
    block_on(db.batch(&transfers::record("message-2", &outcome, Some(&email), Some(&link)))).unwrap();

    let (hash, hours): (String, f64) = db
        .connection()
        .query_row(
            "SELECT token_hash, (julianday(expires_at) - julianday(created_at)) * 24 FROM account_links",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(hash, link.hash());
    assert!((hours - 24.0).abs() < 0.01, "{hours}");
    assert_eq!(count(&db, &format!("SELECT count(*) FROM account_links WHERE token_hash = '{}'", link.as_str())), 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM registry_accounts WHERE migration_state = 'migrated'"),
        1,
        "only Aisha, from the demo file"
    );
}

#[test]
fn no_match_writes_an_audit_event_and_nothing_else() {
    let db = demo_registry();
    let before = count(&db, "SELECT count(*) FROM email_outbox") + count(&db, "SELECT count(*) FROM account_links");
    block_on(db.batch(&transfers::record("message-3", &TransferOutcome::NoMatch, None, None))).unwrap();
    assert_eq!(
        count(&db, "SELECT count(*) FROM email_outbox") + count(&db, "SELECT count(*) FROM account_links"),
        before
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE event = 'transfer_no_match' AND account_id IS NULL"),
        1
    );
}

#[test]
fn a_batch_with_one_failing_statement_writes_nothing() {
    let db = demo_registry();
    let (maria, sharing) =
        block_on(transfers::find_claimed(&db, &examiner("1000000001", "MD483920", "MD"))).unwrap().unwrap();
    let outcome = decide(Some((maria.clone(), sharing)));
    let email = emails::migrated(&maria.primary_email, "https://l", None);
    let mut statements = transfers::record("message-4", &outcome, Some(&email), None);
    // An email for an account that does not exist: the foreign key refuses it.
    statements.push(outbox::queue(999_999.into(), &email));
    assert!(block_on(db.batch(&statements)).is_err());
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE registry_number = '1000000001' AND migration_state = 'legacy'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox"), 0);
}

#[test]
fn each_request_adds_one_to_its_buckets_count_for_the_hour() {
    use functions::store::rate_limits;
    let db = demo_registry();
    let buckets = ["email-change-account:1".to_owned(), "email-change-ip:aa".to_owned()];
    let counts: Vec<[i64; 2]> = (0..6).map(|_| block_on(rate_limits::hit(&db, &buckets)).unwrap()).collect();
    assert_eq!(counts, [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    let other = ["email-change-account:2".to_owned(), "email-change-ip:aa".to_owned()];
    assert_eq!(block_on(rate_limits::hit(&db, &other)).unwrap(), [1, 7]);
    // Any number of buckets, in one statement.
    assert_eq!(block_on(rate_limits::hit(&db, &["transfer-ip:aa".to_owned()])).unwrap(), [1]);
    // Within the limits while every bucket is at most its own; one past either is not.
    let within = |limits| block_on(rate_limits::within(&db, &["a:1".to_owned(), "b:1".to_owned()], limits)).unwrap();
    assert!(within([1, 5]));
    assert!(within([2, 5]));
    assert!(!within([2, 5]), "the first bucket's third request");
    assert!(!within([9, 3]), "the second bucket's fourth request");
    db.connection().execute("UPDATE rate_limits SET window_start = '2000-01-01T00:00:00Z'", []).unwrap();
    block_on(rate_limits::forget_old(&db)).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM rate_limits"), 0);
}
