//! The staff side's SQL (`store::staff_side`) on real SQLite with the real
//! migrations: who is a staff member at sign-in, what a search finds, what the
//! help desk reads of an account and of a member.
#![allow(clippy::unwrap_used)]

mod support;

use domain::audit::AuditEvent;
use domain::staff::{AccountSearch, Reason, Role, StaffMember};
use domain::{Email, MigrationState};
use functions::store::sqlite::Sqlite;
use functions::store::{staff_side, Database};
use pollster::block_on;
use support::{count, demo_registry};

/// An administrator's id, as the audit names them (no row needed).
const ADMIN: i64 = 90;

fn added(db: &Sqlite, email: &str, role: Role) -> StaffMember {
    block_on(db.batch(&staff_side::add(&Email::parse(email).unwrap(), role, ADMIN))).unwrap();
    let id: i64 = db
        .connection()
        .query_row("SELECT id FROM staff_members WHERE email = lower(?1)", [email], |r| r.get(0))
        .unwrap();
    StaffMember { staff_id: id, email: email.to_ascii_lowercase(), role, generation: 0 }
}

fn member(db: &Sqlite, subject: &str, emails: &[&str]) -> Option<StaffMember> {
    let emails: Vec<String> = emails.iter().map(|e| (*e).to_owned()).collect();
    block_on(staff_side::member(db, subject, &emails)).unwrap()
}

fn found(db: &Sqlite, typed: &str) -> Vec<String> {
    let search = AccountSearch::parse(typed).unwrap();
    block_on(staff_side::search(db, &search)).unwrap().into_iter().map(|a| a.registry_number).collect()
}

#[test]
fn a_member_is_known_by_an_email_at_their_first_sign_in_and_by_their_sub_after() {
    let db = demo_registry();
    let dana = added(&db, "Dana.Reyes@DOT.gov", Role::HelpDesk);
    assert_eq!(member(&db, "sub-stranger", &["someone@dot.gov"]), None);
    // The first sign-in: one of the verified emails is on the list; the sub is recorded.
    let first = member(&db, "sub-dana", &["dana@home.example", "dana.reyes@dot.gov"]).unwrap();
    assert_eq!((first.staff_id, first.role), (dana.staff_id, Role::HelpDesk));
    // After it, the sub alone, whatever emails login.gov sends.
    assert_eq!(member(&db, "sub-dana", &[]).unwrap().staff_id, dana.staff_id);
    // The email is claimed: another identity with the same email is nobody.
    assert_eq!(member(&db, "sub-other", &["dana.reyes@dot.gov"]), None);
}

#[test]
fn a_session_is_worth_nothing_once_its_member_is_removed_or_given_another_role() {
    let db = demo_registry();
    added(&db, "alex@dot.gov", Role::ProgramOffice);
    let alex = member(&db, "sub-alex", &["alex@dot.gov"]).unwrap();
    assert!(block_on(staff_side::still_member(&db, &alex)).unwrap());
    added(&db, "alex@dot.gov", Role::Admin);
    assert!(!block_on(staff_side::still_member(&db, &alex)).unwrap(), "a new role moves the generation on");
    let now = member(&db, "sub-alex", &[]).unwrap();
    assert!(block_on(staff_side::still_member(&db, &now)).unwrap());
    block_on(db.batch(&staff_side::remove(now.staff_id, ADMIN))).unwrap();
    assert!(!block_on(staff_side::still_member(&db, &now)).unwrap());
    let removals: i64 = db
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_events WHERE event = ?1 AND actor = ?2",
            [AuditEvent::StaffMemberRemoved.code(), &format!("staff:{ADMIN}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(removals, 1, "the removal is audited as the administrator's");
}

/// Removed: off the list, no sign-in, no session; the row stays, so that the
/// campaigns they composed keep their author and their id (the audit's name
/// for them) goes to nobody else. Added back, the same row, signed in afresh.
#[test]
fn a_member_removed_keeps_their_row_and_their_id_and_signs_in_again_only_once_added_back() {
    let db = demo_registry();
    added(&db, "pat@dot.gov", Role::ProgramOffice);
    let pat = member(&db, "sub-pat", &["pat@dot.gov"]).unwrap();
    db.connection()
        .execute(
            "INSERT INTO campaigns (name, account_type, stage, starts_at, composed_by) \
             VALUES ('Spring', 'examiner', 'legacy', '2026-03-01T14:00:00.000Z', ?1)",
            [pat.staff_id],
        )
        .unwrap();
    block_on(db.batch(&staff_side::remove(pat.staff_id, ADMIN))).unwrap();
    block_on(db.batch(&staff_side::remove(pat.staff_id, ADMIN))).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM audit_events WHERE event = 'staff_member_removed'"), 1, "removed once");
    assert!(!block_on(staff_side::still_member(&db, &pat)).unwrap());
    assert!(!block_on(staff_side::list(&db)).unwrap().iter().any(|m| m.staff_id == pat.staff_id));
    assert_eq!(member(&db, "sub-pat", &["pat@dot.gov"]), None, "neither by their sub nor by their email");
    let composer = "SELECT m.email FROM campaigns c JOIN staff_members m ON m.id = c.composed_by";
    let by: String = db.connection().query_row(composer, [], |r| r.get(0)).unwrap();
    assert_eq!(by, "pat@dot.gov");

    let next = added(&db, "quinn@dot.gov", Role::HelpDesk);
    assert!(next.staff_id > pat.staff_id, "a new member has an id of their own");
    let back = added(&db, "pat@dot.gov", Role::ProgramOffice);
    assert_eq!(back.staff_id, pat.staff_id);
    let signed_in = member(&db, "sub-pat", &["pat@dot.gov"]).unwrap();
    assert!(signed_in.generation > pat.generation, "a session from before the removal stays worth nothing");
    assert!(!block_on(staff_side::still_member(&db, &pat)).unwrap());
    assert!(block_on(staff_side::still_member(&db, &signed_in)).unwrap());
}

#[test]
fn a_search_finds_by_number_by_whole_email_and_by_the_start_of_a_last_name_or_an_address() {
    let db = demo_registry();
    assert_eq!(found(&db, "1000000006"), ["1000000006"]);
    assert_eq!(found(&db, "100-000-0006"), ["1000000006"], "as printed on a certificate");
    // The whole address, whatever its case: both accounts that share it.
    let mut carters = found(&db, "FAMILY.CARTER@example.com");
    carters.sort();
    assert_eq!(carters, ["1000000002", "1000000003"]);
    // A last name's start, and an address's, once each.
    let mut car = found(&db, "car");
    car.sort();
    assert_eq!(car, ["1000000002", "1000000003"]);
    assert_eq!(found(&db, "akhan"), ["1000000005"]);
    assert!(found(&db, "zz").is_empty());
    assert!(found(&db, "9999999999").is_empty());
}

#[test]
fn the_help_desk_reads_an_account_with_its_history_and_a_member_with_what_they_did() {
    let db = demo_registry();
    let dana = added(&db, "dana@dot.gov", Role::HelpDesk);
    let reason = Reason::parse("Asked on the phone").unwrap();
    block_on(db.batch(&[staff_side::action_taken(6, dana.staff_id, AuditEvent::StaffTransferRerun, &reason)])).unwrap();

    let view = block_on(staff_side::account(&db, 6)).unwrap().unwrap();
    assert_eq!(view.summary.registry_number, "1000000006");
    assert_eq!(view.summary.migration_state, MigrationState::Linked);
    assert_eq!(view.license_state.as_deref(), Some("CA"));
    let newest = view.events.first().unwrap();
    assert_eq!((newest.event, newest.detail.as_deref()), (AuditEvent::StaffTransferRerun, Some("Asked on the phone")));
    assert_eq!(block_on(staff_side::account(&db, 999_999)).unwrap(), None);

    let activity = block_on(staff_side::activity(&db, dana.staff_id)).unwrap().unwrap();
    assert_eq!(activity.member.email, "dana@dot.gov");
    let done = activity.events.first().unwrap();
    assert_eq!((done.event, done.registry_number.as_deref()), (AuditEvent::StaffTransferRerun, Some("1000000006")));
    assert_eq!(block_on(staff_side::activity(&db, 999_999)).unwrap(), None);
}
