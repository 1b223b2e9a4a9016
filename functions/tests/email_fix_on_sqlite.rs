//! The shared-email fix on real SQLite: the links work once and for a day,
//! a taken address is refused, confirming moves the account.
#![allow(clippy::unwrap_used)]

use domain::emails;
use domain::link::{LinkPurpose, LinkStatus};
use domain::link_token::LinkToken;
use domain::transfer::{decide, TransferForm};
use domain::Email;
use functions::store::sqlite::Sqlite;
use functions::store::{links, transfers, Database};
use pollster::block_on;
use support::{count, demo_registry};

mod support;

/// The demo registry after Linda Carter (account 3, sharing her email with
/// James) asked to transfer: she holds a fix link.
fn after_a_duplicate_email() -> (Sqlite, LinkToken) {
    let db = demo_registry();
    let form = TransferForm {
        account_type: "examiner".into(),
        registry_number: "1000000003".into(),
        license_number: "TX77345".into(),
        license_state: "TX".into(),
        ..TransferForm::default()
    };
    let outcome = decide(block_on(transfers::find_claimed(&db, &form.parse().unwrap())).unwrap());
    let fix = LinkToken::from_random_bytes([3; 32]);
    let links = emails::TransferLinks { log_in: "https://l", fix: Some("https://fix"), deadline: None };
    let email = emails::for_transfer(&outcome, &links).unwrap();
    block_on(db.batch(&transfers::record("message-1", &outcome, Some(&email), Some(&fix)))).unwrap();
    (db, fix)
}

fn status(db: &Sqlite, token: &LinkToken, purpose: LinkPurpose) -> LinkStatus {
    LinkStatus::of(block_on(links::find(db, token)).unwrap().as_ref(), purpose)
}

fn email(address: &str) -> Email {
    Email::parse(address).unwrap()
}

fn request(db: &Sqlite, fix: &LinkToken, new: &Email, confirm: &LinkToken) {
    let message = emails::confirm_new_email(new, "https://confirm");
    block_on(db.batch(&links::request_new_email(fix, 3, new, confirm, &message))).unwrap();
}

fn confirm(db: &Sqlite, confirm: &LinkToken, new: &Email) {
    let message = emails::migrated(new, "https://l", None);
    block_on(db.batch(&links::confirm_new_email(confirm, 3, new, &message))).unwrap();
}

#[test]
fn a_fresh_fix_link_is_usable_and_a_forged_or_misused_one_is_not() {
    let (db, fix) = after_a_duplicate_email();
    assert_eq!(status(&db, &fix, LinkPurpose::DuplicateEmailFix), LinkStatus::Usable);
    assert_eq!(status(&db, &fix, LinkPurpose::ConfirmNewEmail), LinkStatus::Unknown);
    assert_eq!(
        status(&db, &LinkToken::from_random_bytes([4; 32]), LinkPurpose::DuplicateEmailFix),
        LinkStatus::Unknown
    );
}

#[test]
fn a_link_older_than_a_day_has_expired() {
    let (db, fix) = after_a_duplicate_email();
    db.connection()
        .execute("UPDATE account_links SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 second')", [])
        .unwrap();
    assert_eq!(status(&db, &fix, LinkPurpose::DuplicateEmailFix), LinkStatus::Expired);
}

#[test]
fn an_address_another_account_has_as_primary_or_secondary_is_taken() {
    let (db, _) = after_a_duplicate_email();
    assert!(block_on(links::taken_by_another(&db, 3, &email("FAMILY.CARTER@example.com"))).unwrap());
    assert!(block_on(links::taken_by_another(&db, 3, &email("aisha.khan@example.org"))).unwrap());
    assert!(!block_on(links::taken_by_another(&db, 3, &email("linda.carter@example.com"))).unwrap());
}

#[test]
fn giving_a_new_address_spends_the_fix_link_and_mails_a_confirmation_link_to_it() {
    let (db, fix) = after_a_duplicate_email();
    let confirmation = LinkToken::from_random_bytes([5; 32]);
    request(&db, &fix, &email("linda.carter@example.com"), &confirmation);
    assert_eq!(status(&db, &fix, LinkPurpose::DuplicateEmailFix), LinkStatus::Used);
    assert_eq!(status(&db, &confirmation, LinkPurpose::ConfirmNewEmail), LinkStatus::Usable);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'confirm_email' AND to_address = 'linda.carter@example.com'"), 1);
    assert_eq!(
        count(&db, "SELECT count(*) FROM registry_accounts WHERE id = 3 AND migration_state = 'legacy'"),
        1,
        "nothing moves before confirmation"
    );
}

#[test]
fn confirming_changes_the_primary_email_migrates_and_sends_migrated_successfully_once() {
    let (db, fix) = after_a_duplicate_email();
    let confirmation = LinkToken::from_random_bytes([5; 32]);
    let new = email("linda.carter@example.com");
    request(&db, &fix, &new, &confirmation);
    confirm(&db, &confirmation, &new);
    confirm(&db, &confirmation, &new);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE id = 3 AND primary_email = 'linda.carter@example.com' AND migration_state = 'migrated'"), 1);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM email_outbox WHERE kind = 'migrated' AND to_address = 'linda.carter@example.com'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE account_id = 3 AND event IN ('primary_email_changed', 'transfer_migrated')"), 2);
    assert_eq!(status(&db, &confirmation, LinkPurpose::ConfirmNewEmail), LinkStatus::Used);
}

#[test]
fn a_fix_link_spent_twice_makes_one_confirmation_link() {
    let (db, fix) = after_a_duplicate_email();
    request(&db, &fix, &email("linda.carter@example.com"), &LinkToken::from_random_bytes([5; 32]));
    request(&db, &fix, &email("someone.else@example.com"), &LinkToken::from_random_bytes([6; 32]));
    assert_eq!(count(&db, "SELECT count(*) FROM account_links WHERE purpose = 'confirm_new_email'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'confirm_email'"), 1);
}

#[test]
fn once_one_fix_moves_the_account_its_other_links_open_nothing_and_a_late_confirmation_changes_nothing() {
    let (db, first_fix) = after_a_duplicate_email();
    // A second "NOT migrated" email, as a second transfer of the same account sends.
    let second_fix = LinkToken::from_random_bytes([5; 32]);
    let fix = links::NewLink {
        token: &second_fix,
        account_id: 3,
        purpose: LinkPurpose::DuplicateEmailFix,
        new_email: None,
        slot: None,
    };
    block_on(db.batch(&[fix.create()])).unwrap();
    let (first_confirm, second_confirm) =
        (LinkToken::from_random_bytes([6; 32]), LinkToken::from_random_bytes([7; 32]));
    request(&db, &first_fix, &email("linda.new@example.com"), &first_confirm);
    request(&db, &second_fix, &email("linda.other@example.com"), &second_confirm);

    let message = emails::migrated(&email("linda.new@example.com"), "https://l", None);
    let written =
        block_on(db.batch(&links::confirm_new_email(&first_confirm, 3, &email("linda.new@example.com"), &message)))
            .unwrap();
    assert_eq!(functions::store::outbox::queued(&written).len(), 1, "the first confirmation moves the account");
    assert_eq!(status(&db, &second_confirm, LinkPurpose::ConfirmNewEmail), LinkStatus::Used);

    // Had the second confirmation been opened before (a race): its batch changes nothing and says so by returning no email.
    db.connection()
        .execute("UPDATE account_links SET used_at = NULL WHERE token_hash = ?1", [second_confirm.hash()])
        .unwrap();
    let late = emails::migrated(&email("linda.other@example.com"), "https://l", None);
    let written =
        block_on(db.batch(&links::confirm_new_email(&second_confirm, 3, &email("linda.other@example.com"), &late)))
            .unwrap();
    assert!(functions::store::outbox::queued(&written).is_empty());
    assert_eq!(
        count(&db, "SELECT count(*) FROM registry_accounts WHERE id = 3 AND primary_email = 'linda.new@example.com'"),
        1
    );
}

#[test]
fn a_fix_link_is_spent_after_five_refused_addresses() {
    let (db, fix) = after_a_duplicate_email();
    for refused in 1..=domain::email_fix::REFUSALS_PER_LINK {
        assert_eq!(status(&db, &fix, LinkPurpose::DuplicateEmailFix), LinkStatus::Usable, "before refusal {refused}");
        block_on(links::refused(&db, &fix)).unwrap();
    }
    assert_eq!(status(&db, &fix, LinkPurpose::DuplicateEmailFix), LinkStatus::Used);
}
