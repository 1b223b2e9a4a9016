//! Delivering outbox emails, on real SQLite with the real migrations: a
//! provider that fails leaves the email in the outbox; one that succeeds marks it sent.
#![allow(clippy::unwrap_used)]

mod support;

use std::cell::Cell;

use async_trait::async_trait;
use domain::emails;
use domain::transfer::{MatchedAccount, TransferOutcome};
use domain::{Email, MigrationState};
use functions::outbox::delivery::{deliver, Delivery, EmailProvider};
use functions::store::outbox::{self, StoredEmail};
use functions::store::sqlite::Sqlite;
use functions::store::{transfers, Database};
use pollster::block_on;

/// A provider that is down for its first `failures` calls, like a real one having a bad hour.
struct FlakyProvider {
    failures: Cell<u32>,
    delivered: Cell<u32>,
}

#[async_trait(?Send)]
impl EmailProvider for FlakyProvider {
    async fn send(&self, _email: &StoredEmail) -> Result<(), String> {
        if self.failures.get() > 0 {
            self.failures.set(self.failures.get() - 1);
            return Err("503 Service Unavailable".into());
        }
        self.delivered.set(self.delivered.get() + 1);
        Ok(())
    }
}

/// The demo registry with one "migrated" email queued for Maria (account 1).
fn outbox_with_one_email() -> (Sqlite, i64) {
    let db = support::demo_registry();
    let account = MatchedAccount {
        id: 1,
        primary_email: Email::parse("maria.lopez@example.com").unwrap(),
        migration_state: MigrationState::Legacy,
    };
    let email = emails::migrated(&account.primary_email, "https://login.example/", None);
    let written =
        block_on(db.batch(&transfers::record("message-1", &TransferOutcome::Migrate(account), Some(&email), None)))
            .unwrap();
    let [id] = outbox::queued(&written)[..] else { panic!("one email queued") };
    (db, id)
}

fn status(db: &Sqlite, id: i64) -> (String, i64, Option<String>) {
    db.connection()
        .query_row("SELECT status, attempts, last_error FROM email_outbox WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

#[test]
fn an_email_the_provider_takes_is_marked_sent() {
    let (db, id) = outbox_with_one_email();
    let provider = FlakyProvider { failures: Cell::new(0), delivered: Cell::new(0) };
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Sent);
    assert_eq!(status(&db, id), ("sent".into(), 1, None));
    let bodies: String =
        db.connection().query_row("SELECT text_body || html_body FROM email_outbox", [], |r| r.get(0)).unwrap();
    assert_eq!(bodies, "", "a sent email's links are not kept");
}

#[test]
fn the_dev_mailbox_shows_what_was_delivered_into_it() {
    let (db, id) = outbox_with_one_email();
    let email = block_on(outbox::claim(&db, id)).unwrap().unwrap();
    block_on(outbox::deliver_to_dev_mailbox(&db, &email)).unwrap();
    block_on(outbox::mark_sent(&db, id)).unwrap();
    let shown = block_on(outbox::recently_sent(&db, 10)).unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!((shown[0].id, shown[0].attempts), (id, 1));
    assert!(shown[0].text_body.contains("https://login.example/"));
}

#[test]
fn an_email_the_provider_fails_stays_in_the_outbox_with_the_error_until_it_is_sent() {
    let (db, id) = outbox_with_one_email();
    let provider = FlakyProvider { failures: Cell::new(2), delivered: Cell::new(0) };
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Failed { retry_in_seconds: 10 });
    assert_eq!(status(&db, id), ("pending".into(), 1, Some("503 Service Unavailable".into())));
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Failed { retry_in_seconds: 20 });
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Sent);
    assert_eq!(status(&db, id), ("sent".into(), 3, None));
}

#[test]
fn a_row_claimed_by_one_delivery_is_not_sent_by_another_until_the_claim_lapses() {
    let (db, id) = outbox_with_one_email();
    assert!(block_on(outbox::claim(&db, id)).unwrap().is_some());
    let provider = FlakyProvider { failures: Cell::new(0), delivered: Cell::new(0) };
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::NothingPending);
    db.connection().execute("UPDATE email_outbox SET claimed_until = '2000-01-01T00:00:00Z'", []).unwrap();
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Sent);
    assert_eq!(provider.delivered.get(), 1);
}

#[test]
fn the_sweep_finds_the_rows_overdue_by_five_minutes_once() {
    let (db, id) = outbox_with_one_email();
    assert!(block_on(outbox::overdue(&db, 100)).unwrap().is_empty(), "just written: the queue has it");
    db.connection().execute("UPDATE email_outbox SET next_attempt_at = '2000-01-01T00:00:00Z'", []).unwrap();
    assert_eq!(block_on(outbox::overdue(&db, 100)).unwrap(), [id]);
    assert!(block_on(outbox::overdue(&db, 100)).unwrap().is_empty(), "made due now: not swept again at once");
    let provider = FlakyProvider { failures: Cell::new(1), delivered: Cell::new(0) };
    block_on(deliver(&db, &provider, id)).unwrap();
    let due: String = db.connection().query_row("SELECT next_attempt_at FROM email_outbox", [], |r| r.get(0)).unwrap();
    let now: String =
        db.connection().query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| r.get(0)).unwrap();
    assert!(due > now, "after a failure the row is due when the queue tries again: {due}");
}

#[test]
fn after_the_last_attempt_the_email_is_a_dead_letter_counted_as_failed() {
    use functions::outbox::delivery::MAX_ATTEMPTS;
    let (db, id) = outbox_with_one_email();
    let provider = FlakyProvider { failures: Cell::new(100), delivered: Cell::new(0) };
    for _ in 1..MAX_ATTEMPTS {
        assert!(matches!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::Failed { .. }));
    }
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::GaveUp);
    assert_eq!(status(&db, id), ("failed".into(), MAX_ATTEMPTS, Some("503 Service Unavailable".into())));
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::NothingPending, "given up: not tried again");
    assert_eq!(block_on(outbox::trouble(&db)).unwrap(), outbox::Trouble { failed: 1, overdue: 0 });
}

#[test]
fn a_queue_message_that_arrives_twice_sends_the_email_once() {
    let (db, id) = outbox_with_one_email();
    let provider = FlakyProvider { failures: Cell::new(0), delivered: Cell::new(0) };
    block_on(deliver(&db, &provider, id)).unwrap();
    assert_eq!(block_on(deliver(&db, &provider, id)).unwrap(), Delivery::NothingPending);
    assert_eq!(provider.delivered.get(), 1);
}
