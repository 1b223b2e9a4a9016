//! People who work for examiners, on real SQLite with the real migrations:
//! a request for any number is kept the same way and only an examiner's is
//! emailed; each answer is made once, audited and told; only an approved grant
//! in its period lets its holder read; a linked legacy assistant keeps working
//! for their examiner.
#![allow(clippy::unwrap_used)]

use domain::audit::{Actor, AuditEvent};
use domain::emails::{self, EmailKind};
use domain::grant::{AccessRequestForm, GrantChange, GrantPeriod, GrantState, REQUEST_EMAILS_PER_EXAMINER_PER_DAY};
use domain::Email;
use functions::store::grants;
use functions::store::sqlite::Sqlite;
use functions::store::Database;
use pollster::block_on;
use support::{count, demo_registry};

mod support;

const MARIA: i64 = 1;

fn person(db: &Sqlite, name: &str) -> i64 {
    block_on(grants::sign_in(db, &format!("sub-{name}"), &format!("{name}@example.com"))).unwrap().0
}

fn ask(db: &Sqlite, person_id: i64, number: &str) -> Vec<Vec<serde_json::Value>> {
    let form = AccessRequestForm {
        registry_number: number.into(),
        role: "third_party".into(),
        name: "Jo Smith".into(),
        organization: "Acme Clinics".into(),
    };
    let email = emails::access_requested("Jo Smith of Acme Clinics", "Third Party", "2026-12-05", "https://x/account");
    block_on(db.batch(&grants::ask(person_id, &form.parse().unwrap(), &email))).unwrap()
}

fn held(db: &Sqlite, grant_id: i64) -> grants::HeldGrant {
    block_on(grants::one_of_examiner(db, grant_id, MARIA)).unwrap().unwrap()
}

fn answer(db: &Sqlite, grant: &grants::HeldGrant, change: GrantChange) -> Vec<Vec<serde_json::Value>> {
    let to = grant.state.after(change).unwrap();
    let notice = emails::about_access(
        EmailKind::AccessChanged,
        &Email::parse(&grant.email).unwrap(),
        "s",
        "w",
        "https://x/work-for",
    );
    let by = (AuditEvent::AccessApproved, Actor::Account, None);
    block_on(db.batch(&grants::change(grant, to, GrantPeriod::OneYear, by, Some(&notice)))).unwrap()
}

#[test]
fn a_request_is_kept_for_any_number_but_only_an_examiner_is_emailed_and_only_once() {
    let db = demo_registry();
    let jo = person(&db, "jo");
    let nobody = "9999999999";
    let asked = ask(&db, jo, "1000000001");
    assert_eq!(functions::store::outbox::queued(&asked).len(), 1, "Maria is emailed");
    let to_nobody = ask(&db, jo, nobody);
    assert!(functions::store::outbox::queued(&to_nobody).is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM grants WHERE person_id = 1 AND state = 'requested'"), 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'access_requested' AND to_address = 'maria.lopez@example.com'"),
        1
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE event = 'access_requested' AND actor = 'person:1'"),
        2
    );
    // Asked again while the first waits: nothing new, nobody emailed again.
    assert!(functions::store::outbox::queued(&ask(&db, jo, "1000000001")).is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM grants"), 2);
    // The person sees both the same way: waiting, no name.
    let mine = block_on(grants::of_person(&db, jo)).unwrap();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|g| g.state == GrantState::Requested && g.examiner_name.is_none()));
}

#[test]
fn an_examiner_gets_a_few_request_emails_a_day_whoever_asks_and_every_request_is_kept() {
    let db = demo_registry();
    for n in 0..REQUEST_EMAILS_PER_EXAMINER_PER_DAY + 3 {
        ask(&db, person(&db, &format!("p{n}")), "1000000001");
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM email_outbox WHERE kind = 'access_requested'"),
        REQUEST_EMAILS_PER_EXAMINER_PER_DAY
    );
    assert_eq!(
        block_on(grants::of_examiner(&db, MARIA)).unwrap().len() as i64,
        REQUEST_EMAILS_PER_EXAMINER_PER_DAY + 3
    );
}

#[test]
fn an_approval_is_made_once_told_and_lets_the_person_read_until_revoked() {
    let db = demo_registry();
    let jo = person(&db, "jo");
    ask(&db, jo, "1000000001");
    let grant_id = block_on(grants::of_person(&db, jo)).unwrap()[0].grant_id;
    assert!(block_on(grants::record_for(&db, grant_id, jo)).unwrap().is_none(), "not before approval");
    // Another examiner cannot see, let alone answer, Maria's request.
    assert!(block_on(grants::one_of_examiner(&db, grant_id, 2)).unwrap().is_none());

    let waiting = held(&db, grant_id);
    assert_eq!(functions::store::outbox::queued(&answer(&db, &waiting, GrantChange::Approve)).len(), 1);
    // The same answer again, from the state it was read in: changes and tells nothing.
    assert!(functions::store::outbox::queued(&answer(&db, &waiting, GrantChange::Approve)).is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'access_approved'"), 1);

    let (record, examiner_id) = block_on(grants::record_for(&db, grant_id, jo)).unwrap().unwrap();
    assert_eq!(
        (record.name.as_str(), record.registry_number.as_str(), examiner_id),
        ("Maria Lopez", "1000000001", MARIA)
    );
    assert!(block_on(grants::record_for(&db, grant_id, person(&db, "someone"))).unwrap().is_none(), "only its holder");
    assert_eq!(block_on(grants::of_person(&db, jo)).unwrap()[0].examiner_name.as_deref(), Some("Maria Lopez"));

    block_on(db.batch(&grants::used(grant_id, MARIA, jo))).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM grants WHERE last_used_at IS NOT NULL"), 1);
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE event = 'read_for_examiner' AND actor = 'person:1'"),
        1
    );

    answer(&db, &held(&db, grant_id), GrantChange::Revoke);
    assert!(block_on(grants::record_for(&db, grant_id, jo)).unwrap().is_none(), "revoked: read no more");
    // Once revoked the person may ask again.
    assert_eq!(functions::store::outbox::queued(&ask(&db, jo, "1000000001")).len(), 1);
}

#[test]
fn grants_past_their_period_and_requests_unanswered_for_thirty_days_are_due_to_expire() {
    let db = demo_registry();
    let jo = person(&db, "jo");
    ask(&db, jo, "1000000001");
    ask(&db, jo, "9999999999");
    ask(&db, jo, "1000000002");
    answer(&db, &held(&db, 1), GrantChange::Approve);
    let connection = db.connection();
    connection
        .execute_batch(
            "UPDATE grants SET expires_at = '2020-01-01T00:00:00Z' WHERE id = 1;
         UPDATE grants SET requested_at = '2020-01-01T00:00:00Z' WHERE id = 2",
        )
        .unwrap();
    drop(connection);
    let due = block_on(grants::due_to_expire(&db, 10)).unwrap();
    assert_eq!(
        due.iter().map(|g| (g.grant_id, g.state)).collect::<Vec<_>>(),
        [(1, GrantState::Approved), (2, GrantState::Requested)]
    );
    assert_eq!(due[1].examiner_id, None, "a number nobody holds");
    for grant in &due {
        let by = (AuditEvent::AccessExpired, Actor::Schedule, None);
        block_on(db.batch(&grants::change(grant, GrantState::Expired, GrantPeriod::default(), by, None))).unwrap();
    }
    assert_eq!(count(&db, "SELECT count(*) FROM grants WHERE state = 'expired' AND ended_at IS NOT NULL"), 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM audit_events WHERE event = 'access_expired' AND actor = 'schedule'"),
        2
    );
    assert!(block_on(grants::due_to_expire(&db, 10)).unwrap().is_empty());
}

#[test]
fn a_legacy_assistant_linked_to_login_gov_works_for_their_examiner_and_a_bad_grant_is_refused() {
    let db = demo_registry();
    let connection = db.connection();
    connection.execute("UPDATE registry_accounts SET migration_state = 'linked', login_gov_subject = 'emily' WHERE registry_number = '2000000001'", []).unwrap();
    drop(connection);
    assert_eq!(
        count(&db, "SELECT count(*) FROM grants g JOIN people p ON p.id = g.person_id \
                    WHERE p.login_gov_subject = 'emily' AND g.examiner_id = 1 AND g.state = 'approved' AND g.role = 'assistant'"),
        1
    );
    let (emily, _) = block_on(grants::sign_in(&db, "emily", "emily@new.example.com")).unwrap();
    let grant_id = block_on(grants::of_person(&db, emily)).unwrap()[0].grant_id;
    assert!(block_on(grants::record_for(&db, grant_id, emily)).unwrap().is_some());
    // The CHECKs: an approved grant has an end; an assistant names no organization.
    let connection = db.connection();
    assert!(connection.execute("UPDATE grants SET expires_at = NULL", []).is_err());
    assert!(connection.execute("UPDATE grants SET organization = 'Acme'", []).is_err());
    assert!(connection.execute("UPDATE grants SET state = 'approved_ish'", []).is_err());
}

#[test]
fn a_person_is_reminded_once_before_their_access_ends_and_an_extension_starts_a_new_period() {
    let db = demo_registry();
    let jo = person(&db, "jo");
    ask(&db, jo, "1000000001");
    answer(&db, &held(&db, 1), GrantChange::Approve);
    assert!(block_on(grants::ending_soon(&db, 10)).unwrap().is_empty(), "a year away");
    let connection = db.connection();
    connection
        .execute("UPDATE grants SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 days') WHERE id = 1", [])
        .unwrap();
    drop(connection);
    let [ending] = <[_; 1]>::try_from(block_on(grants::ending_soon(&db, 10)).unwrap()).unwrap();
    let reminder = emails::about_access(EmailKind::AccessEnding, &Email::parse(&ending.email).unwrap(), "s", "w", "u");
    assert_eq!(
        functions::store::outbox::queued(&block_on(db.batch(&grants::remind(&ending, &reminder))).unwrap()).len(),
        1
    );
    assert!(
        functions::store::outbox::queued(&block_on(db.batch(&grants::remind(&ending, &reminder))).unwrap()).is_empty()
    );
    assert!(block_on(grants::ending_soon(&db, 10)).unwrap().is_empty(), "reminded once");

    answer(&db, &held(&db, 1), GrantChange::Extend);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM grants WHERE id = 1 AND state = 'approved' AND reminded_at IS NULL \
                    AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+364 days')"
        ),
        1
    );
}

#[test]
fn an_unlinked_legacy_assistant_stops_working_for_their_examiner_and_linking_again_gives_nothing_back() {
    let db = demo_registry();
    let link = |subject: Option<&str>| {
        let connection = db.connection();
        let state = if subject.is_some() { "linked" } else { "migrated" };
        connection
            .execute(
                "UPDATE registry_accounts SET migration_state = ?1, login_gov_subject = ?2 WHERE registry_number = '2000000001'",
                rusqlite::params![state, subject],
            )
            .unwrap();
    };
    link(Some("emily"));
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'access_approved' AND account_id = 1"), 1);
    link(None);
    assert_eq!(count(&db, "SELECT count(*) FROM grants WHERE state = 'revoked'"), 1, "the unlink revokes it");
    assert_eq!(count(&db, "SELECT session_generation FROM people WHERE login_gov_subject = 'emily'"), 1);
    link(Some("emily"));
    assert_eq!(count(&db, "SELECT count(*) FROM grants WHERE state = 'approved'"), 0, "not given back");
}

#[test]
fn the_funnel_counts_each_person_with_an_approved_grant_once_as_grants_start_and_end() {
    let db = demo_registry();
    let kept = |role: &str| count(&db, &format!("SELECT people FROM funnel_people WHERE role = '{role}'"));
    let counted = |role: &str| {
        count(
            &db,
            &format!("SELECT count(DISTINCT person_id) FROM grants WHERE state = 'approved' AND role = '{role}'"),
        )
    };
    let jo = person(&db, "jo");
    for number in ["1000000001", "1000000002", "1000000004"] {
        ask(&db, jo, number);
    }
    assert_eq!(kept("third_party"), 0, "asked is not approved");
    let by_maria =
        block_on(grants::of_person(&db, jo)).unwrap().into_iter().find(|g| g.registry_number.as_str() == "1000000001");
    answer(&db, &held(&db, by_maria.unwrap().grant_id), GrantChange::Approve);
    // The others approve too: Jo, working for three examiners, is one third party.
    db.connection()
        .execute_batch(
            "UPDATE grants SET state = 'approved', decided_at = '2026-12-05T00:00:00Z', expires_at = '2027-12-05T00:00:00Z' \
             WHERE state = 'requested'",
        )
        .unwrap();
    assert_eq!((kept("third_party"), counted("third_party")), (1, 1));

    // A legacy assistant links: an approved grant made by the trigger counts too.
    db.connection()
        .execute_batch(
            "UPDATE registry_accounts SET login_gov_subject = 'sub-emily', migration_state = 'linked' \
             WHERE account_type = 'assistant' AND examiner_registry_number = '1000000001'",
        )
        .unwrap();
    assert_eq!((kept("assistant"), counted("assistant")), (1, 1));

    // Two of Jo's three end (revoked, expired): still counted; the last ends: not.
    db.connection()
        .execute_batch(
            "UPDATE grants SET state = 'revoked', ended_at = '2026-12-06T00:00:00Z' WHERE person_id = 1 AND registry_number = '1000000001';
             UPDATE grants SET state = 'expired', ended_at = '2026-12-06T00:00:00Z' WHERE person_id = 1 AND registry_number = '1000000002';",
        )
        .unwrap();
    assert_eq!((kept("third_party"), counted("third_party")), (1, 1));
    db.connection()
        .execute_batch("UPDATE grants SET state = 'revoked', ended_at = '2026-12-06T00:00:00Z' WHERE person_id = 1")
        .unwrap();
    assert_eq!((kept("third_party"), counted("third_party")), (0, 0));
    assert_eq!(kept("assistant"), 1);

    // The cron's snapshot carries them into the funnel's day, apart from the accounts.
    block_on(functions::store::funnel::snapshot(&db)).unwrap();
    let day = &block_on(functions::store::funnel::days(&db, &Default::default(), "2000-01-01")).unwrap()[0];
    assert_eq!((day.assistants_with_access, day.third_parties_with_access), (1, 0));
    assert_eq!(day.total, count(&db, "SELECT count(*) FROM registry_accounts"));
}
