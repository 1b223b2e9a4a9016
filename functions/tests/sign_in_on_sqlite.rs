//! Signing in's queries and writes on real SQLite, with the real migrations
//! and the demo registry: finding accounts by login.gov emails, linking once,
//! My account, and email changes that happen only once confirmed.
#![allow(clippy::unwrap_used)]

use domain::account::Certification;
use domain::audit::{Actor, AuditEvent};
use domain::email_change::EmailSlot;
use domain::emails;
use domain::link::{LinkPurpose, LinkStatus};
use domain::link_token::LinkToken;
use domain::sign_in::{decide, SignInOutcome, SignInProblem};
use domain::staff::{ActionChange, Recovery};
use domain::Email;
use functions::store::{accounts, email_changes, links, recoveries, Database};
use pollster::block_on;
use support::{count, demo_registry};

mod support;

fn email(address: &str) -> Email {
    Email::parse(address).unwrap()
}

const AISHA: i64 = 5;
const AISHA_SUB: &str = "b8e2c4d6-1f3a-4c5e-9d7b-2a4c6e8f0a12";

#[test]
fn accounts_are_found_by_primary_or_secondary_email_in_any_case() {
    let db = demo_registry();
    let found =
        block_on(accounts::with_emails(&db, &[email("AISHA.KHAN@example.org"), email("nobody@example.com")])).unwrap();
    // Her secondary: imported years ago, confirmed by nobody.
    assert_eq!(decide(None, &found), SignInOutcome::Confirm { account_id: AISHA, verify_identity: true });
    let by_primary = block_on(accounts::with_emails(&db, &[email("akhan@oldclinic.example.net")])).unwrap();
    assert_eq!(decide(None, &by_primary), SignInOutcome::Confirm { account_id: AISHA, verify_identity: false });
    let shared = block_on(accounts::with_emails(&db, &[email("family.carter@example.com")])).unwrap();
    assert_eq!(decide(None, &shared), SignInOutcome::Refused(SignInProblem::SharedEmail));
    // Never transferred: a person who has login.gov with the address on file just logs in.
    let legacy = block_on(accounts::with_emails(&db, &[email("maria.lopez@example.com")])).unwrap();
    assert_eq!(decide(None, &legacy), SignInOutcome::Confirm { account_id: 1, verify_identity: false });
}

/// The pre-account takeover: James Carter moves to an address of his own,
/// Linda keeps the family address; James's login.gov identity (the family
/// address, verified at login.gov) now finds only Linda's account, and
/// linking it must verify that the person is Linda. James's new address was
/// given while no login.gov identity held his account (the fix link), so it
/// proves nothing either.
#[test]
fn an_address_once_shared_and_an_address_given_without_login_gov_both_need_identity_verification() {
    let db = demo_registry();
    let carter = [email("family.carter@example.com")];
    assert_eq!(
        decide(None, &block_on(accounts::with_emails(&db, &carter)).unwrap()),
        SignInOutcome::Refused(SignInProblem::SharedEmail)
    );
    db.connection()
        .execute_batch(
            "UPDATE registry_accounts SET primary_email = 'james.carter@example.com', migration_state = 'migrated' WHERE id = 2;
             UPDATE registry_accounts SET migration_state = 'migrated' WHERE id = 3;",
        )
        .unwrap();
    let linda = block_on(accounts::with_emails(&db, &carter)).unwrap();
    assert_eq!(decide(None, &linda), SignInOutcome::Confirm { account_id: 3, verify_identity: true });
    let james = block_on(accounts::with_emails(&db, &[email("james.carter@example.com")])).unwrap();
    assert_eq!(decide(None, &james), SignInOutcome::Confirm { account_id: 2, verify_identity: true });
    let to_confirm = block_on(accounts::to_confirm(&db, 3)).unwrap().unwrap();
    assert_eq!((to_confirm.first_name.as_str(), to_confirm.date_of_birth.as_deref()), ("Linda", Some("1970-01-22")));
}

/// Migration 0014's triggers: whatever recovers an account or gives it an
/// address while no identity holds it, its next link verifies the person.
#[test]
fn an_account_recovered_or_given_an_address_without_login_gov_needs_identity_verification() {
    let db = demo_registry();
    let needs = |id: i64| {
        let row: i64 = db
            .connection()
            .query_row("SELECT verify_identity_to_link FROM registry_accounts WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        row == 1
    };
    assert!(!needs(6) && !needs(1));
    // David Park, linked: his own email change (confirmed while signed in) leaves it be…
    db.connection()
        .execute_batch("UPDATE registry_accounts SET secondary_email = 'dp@example.net' WHERE id = 6")
        .unwrap();
    assert!(!needs(6));
    // …the help desk letting his login.gov account go does not.
    let reason = domain::staff::Reason::parse("Lost his phone").unwrap();
    block_on(db.batch(&recoveries::request(6, Recovery::Unlink, &ActionChange::Nothing, &reason, 1, &[]))).unwrap();
    let request_id = block_on(recoveries::waiting(&db, 6, 2)).unwrap().unwrap().shown.request_id;
    block_on(
        db.batch(&recoveries::approve_unlink(recoveries::Decision { account_id: 6, request_id, staff_id: 2 }, &reason)),
    )
    .unwrap();
    assert!(needs(6));
    // Maria, never transferred: a new primary address given by a fix link or the help desk.
    db.connection()
        .execute_batch("UPDATE registry_accounts SET primary_email = 'm.lopez@example.com' WHERE id = 1")
        .unwrap();
    assert!(needs(1));
    let maria = block_on(accounts::with_emails(&db, &[email("m.lopez@example.com")])).unwrap();
    assert_eq!(decide(None, &maria), SignInOutcome::Confirm { account_id: 1, verify_identity: true });
}

#[test]
fn an_identity_already_linked_is_found_by_its_sub() {
    let db = demo_registry();
    assert_eq!(block_on(accounts::linked_to(&db, "7d0c1b7e-5c2e-4a47-9a4e-2b1f0c6d8e31")).unwrap(), Some(6));
    assert_eq!(block_on(accounts::linked_to(&db, AISHA_SUB)).unwrap(), None);
}

#[test]
fn linking_happens_once_with_one_email_and_one_audit_event_and_no_second_identity_takes_the_account() {
    let db = demo_registry();
    let notice = emails::linked(&email("akhan@oldclinic.example.net"), "https://r/account");
    block_on(db.batch(&accounts::link(AISHA, AISHA_SUB, "aisha.khan@example.org", &notice, false))).unwrap();
    block_on(db.batch(&accounts::link(AISHA, "another-identity", "x@example.org", &notice, false))).unwrap();
    assert_eq!(block_on(accounts::linked_to(&db, AISHA_SUB)).unwrap(), Some(AISHA));
    assert_eq!(block_on(accounts::linked_to(&db, "another-identity")).unwrap(), None);
    assert_eq!(count(&db, "SELECT count(*) FROM registry_accounts WHERE id = 5 AND migration_state = 'linked'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 5 AND kind = 'linked'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE account_id = 5 AND event = 'login_gov_linked'"), 1);
}

/// Maria Lopez never ran Transfer: at Log in she is migrated and linked in
/// one batch, audited as both, the funnel moving her from legacy to linked.
#[test]
fn an_account_never_transferred_is_migrated_and_linked_in_one_batch_and_the_funnel_follows() {
    let db = demo_registry();
    let funnel = |stage: &str| {
        count(&db, &format!("SELECT coalesce(sum(accounts), 0) FROM funnel_counts WHERE stage = '{stage}'"))
    };
    let (legacy, migrated, linked) = (funnel("legacy"), funnel("migrated"), funnel("linked"));
    let notice = emails::linked(&email("maria.lopez@example.com"), "https://r/account");
    block_on(db.batch(&accounts::link(1, "maria-sub", "maria.lopez@example.com", &notice, false))).unwrap();
    block_on(db.batch(&accounts::link(1, "another-identity", "maria.lopez@example.com", &notice, false))).unwrap();
    assert_eq!(block_on(accounts::linked_to(&db, "maria-sub")).unwrap(), Some(1));
    assert_eq!(block_on(accounts::linked_to(&db, "another-identity")).unwrap(), None);
    assert_eq!((funnel("legacy"), funnel("migrated"), funnel("linked")), (legacy - 1, migrated, linked + 1));
    let events = |event: &str| {
        count(
            &db,
            &format!(
                "SELECT count(*) FROM audit_events WHERE account_id = 1 AND event = '{event}' AND actor = 'sign_in'"
            ),
        )
    };
    assert_eq!((events("transfer_migrated"), events("login_gov_linked")), (1, 1));
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE account_id = 1 AND kind = 'linked'"), 1);
}

/// James Carter was sent a fix link for the family address; once his account
/// is linked by an address of his own, that link opens nothing.
#[test]
fn linking_an_account_spends_its_shared_email_fix_links() {
    let db = demo_registry();
    let fix = LinkToken::from_random_bytes([7; 32]);
    let new_link = links::NewLink {
        token: &fix,
        account_id: 2,
        purpose: LinkPurpose::DuplicateEmailFix,
        new_email: None,
        slot: None,
    };
    block_on(db.batch(&[new_link.create()])).unwrap();
    db.connection()
        .execute_batch("UPDATE registry_accounts SET primary_email = 'james.carter@example.com' WHERE id = 2")
        .unwrap();
    let notice = emails::linked(&email("james.carter@example.com"), "https://r/account");
    block_on(db.batch(&accounts::link(2, "james-sub", "james.carter@example.com", &notice, false))).unwrap();
    let stored = block_on(links::find(&db, &fix)).unwrap();
    assert_eq!(LinkStatus::of(stored.as_ref(), LinkPurpose::DuplicateEmailFix), LinkStatus::Used);
}

#[test]
fn my_account_reads_the_registrys_data_and_the_certification_as_of_today() {
    let db = demo_registry();
    let rosa = block_on(accounts::my_account(&db, 7, "2026-11-25", "rosa@example.com")).unwrap().unwrap();
    assert_eq!((rosa.registry_number.as_str(), rosa.license_state.as_deref()), ("1000000007", Some("Puerto Rico")));
    assert_eq!(rosa.certification, Certification::Expired { expired: "2024-04-01".into() });
    let emily = block_on(accounts::my_account(&db, 8, "2026-11-25", "e@example.com")).unwrap().unwrap();
    assert_eq!(
        (emily.account_type.as_str(), emily.certification),
        ("Medical Examiner Administrative Assistant", Certification::None)
    );
    assert!(block_on(accounts::my_account(&db, 999, "2026-11-25", "")).unwrap().is_none());
}

#[test]
fn an_email_change_waits_for_its_confirmation_then_happens_once_and_tells_the_old_address() {
    let db = demo_registry();
    let link = LinkToken::from_random_bytes([9; 32]);
    let new = email("aisha.new@example.com");
    block_on(db.batch(&email_changes::request(
        AISHA,
        EmailSlot::Primary,
        &new,
        &link,
        &emails::confirm_email_change(&new, "primary email", "https://c"),
        (AuditEvent::EmailChangeRequested, Actor::Account, "primary"),
    )))
    .unwrap();
    let stored = block_on(links::find(&db, &link)).unwrap();
    assert_eq!(LinkStatus::of(stored.as_ref(), LinkPurpose::ConfirmEmailChange), LinkStatus::Usable);
    assert_eq!(stored.and_then(|l| l.email_slot), Some(domain::email_change::EmailSlot::Primary));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM registry_accounts WHERE id = 5 AND primary_email = 'akhan@oldclinic.example.net'"
        ),
        1
    );

    let notice = emails::email_changed(&email("akhan@oldclinic.example.net"), "primary email");
    block_on(db.batch(&email_changes::confirm(&link, AISHA, EmailSlot::Primary, &new, Some(&notice)))).unwrap();
    block_on(db.batch(&email_changes::confirm(
        &link,
        AISHA,
        EmailSlot::Primary,
        &email("other@example.com"),
        Some(&notice),
    )))
    .unwrap();
    assert_eq!(
        count(&db, "SELECT count(*) FROM registry_accounts WHERE id = 5 AND primary_email = 'aisha.new@example.com'"),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'email_changed' AND to_address = 'akhan@oldclinic.example.net'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE account_id = 5 AND event = 'email_changed'"), 1);
}

#[test]
fn a_single_use_value_is_taken_once_and_not_after_it_expires() {
    use functions::store::single_use;
    let db = demo_registry();
    block_on(single_use::keep(&db, "sign-in:a", "{\"state\":1}", 1_000)).unwrap();
    block_on(single_use::keep(&db, "sign-in:b", "{}", 1_000)).unwrap();
    assert_eq!(block_on(single_use::take(&db, "sign-in:a", 999)).unwrap().as_deref(), Some("{\"state\":1}"));
    assert_eq!(block_on(single_use::take(&db, "sign-in:a", 999)).unwrap(), None, "taken once");
    assert_eq!(block_on(single_use::take(&db, "sign-in:b", 1_000)).unwrap(), None, "expired: gone, and not given");
    assert_eq!(
        block_on(single_use::take(&db, "sign-in:b", 999)).unwrap(),
        None,
        "an expired value is removed when asked for"
    );
    block_on(single_use::keep(&db, "link:c", "{}", 500)).unwrap();
    block_on(single_use::forget_expired(&db, 500)).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM single_use"), 0);
}

#[test]
fn a_session_holds_until_its_sessions_are_ended_or_its_identity_lets_go_even_if_linked_again() {
    use domain::session::Examiner;
    let db = demo_registry();
    let david = |generation| Examiner {
        account_id: 6,
        subject: "7d0c1b7e-5c2e-4a47-9a4e-2b1f0c6d8e31".into(),
        login_gov_email: "david.park@example.com".into(),
        generation,
    };
    let now = block_on(accounts::session_generation(&db, 6)).unwrap();
    assert!(block_on(accounts::session_holds(&db, &david(now))).unwrap());
    assert!(!block_on(accounts::session_holds(&db, &Examiner { subject: "another".into(), ..david(now) })).unwrap());

    block_on(db.batch(&[accounts::end_sessions(6)])).unwrap();
    assert!(!block_on(accounts::session_holds(&db, &david(now))).unwrap(), "ended by the help desk");
    let after_end = block_on(accounts::session_generation(&db, 6)).unwrap();
    assert!(block_on(accounts::session_holds(&db, &david(after_end))).unwrap(), "a new sign-in holds");

    // Unlinked, then linked again to the same identity: the old session stays ended (the trigger of 0013).
    let set = |sql: &str| db.connection().execute(sql, []).unwrap();
    set("UPDATE registry_accounts SET migration_state = 'migrated', login_gov_subject = NULL WHERE id = 6");
    set("UPDATE registry_accounts SET migration_state = 'linked', \
         login_gov_subject = '7d0c1b7e-5c2e-4a47-9a4e-2b1f0c6d8e31' WHERE id = 6");
    assert!(!block_on(accounts::session_holds(&db, &david(after_end))).unwrap());
}
