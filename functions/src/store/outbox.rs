//! The SQL of the email outbox.

use domain::api::SentEmail;
use domain::emails::OutgoingEmail;
use serde::Deserialize;

use super::{typed_rows, Database, Sql, Statement, StoreError, Value};

statements! {
    // Each returns the id of the row it wrote, named so that the batch's caller
    // finds exactly the emails this batch queued ([`queued`]).
    QUEUE = "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, next_attempt_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) RETURNING id AS outbox_id";
    QUEUE_IF_CHANGED =
        "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, next_attempt_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE changes() = 1 \
         RETURNING id AS outbox_id";
    // Only while the account got fewer than ?7 emails of its own in the last
    // hour (on the index of its emails by time; those about people who work
    // for the examiner have their own limits, reminders their campaign's): what a stranger's claims can
    // cost an examiner.
    QUEUE_UNLESS_MANY_THIS_HOUR =
        "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body, next_attempt_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE (SELECT count(*) FROM email_outbox WHERE account_id = ?1 \
                AND created_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour') \
                AND kind NOT IN ('access_requested', 'access_changed', 'access_ending', 'reminder')) < ?7 \
         RETURNING id AS outbox_id";
    // A reminder whose person has moved on since it was written (their
    // account no longer at the campaign's stage) is skipped, not sent.
    SKIP_IF_MOVED_ON = "UPDATE email_outbox SET status = 'skipped', text_body = '', html_body = '', claimed_until = NULL \
         WHERE id = ?1 AND status = 'pending' AND campaign_id IS NOT NULL \
           AND (SELECT c.stage FROM campaigns c WHERE c.id = email_outbox.campaign_id) IS NOT \
               (SELECT CASE WHEN a.migration_state = 'legacy' AND a.awaiting_fix = 1 THEN 'waiting_fix' \
                            ELSE a.migration_state END \
                FROM registry_accounts a WHERE a.id = email_outbox.account_id)";
    // The row is this delivery's for 5 minutes, and counts the attempt; none
    // while another delivery holds it, or once it is sent.
    CLAIM = "UPDATE email_outbox SET attempts = attempts + 1, \
           claimed_until = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 minutes') \
         WHERE id = ?1 AND status = 'pending' \
           AND (claimed_until IS NULL OR claimed_until < strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
         RETURNING id, to_address, subject, text_body, html_body, attempts, sent_at";
    // Sent: the bodies, whose links open accounts, are not kept.
    MARK_SENT = "UPDATE email_outbox SET status = 'sent', last_error = NULL, claimed_until = NULL, \
         text_body = '', html_body = '', sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id = ?1 AND status = 'pending'";
    RECORD_FAILURE = "UPDATE email_outbox SET last_error = ?2, claimed_until = NULL, \
         next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ?3 || ' seconds') \
         WHERE id = ?1 AND status = 'pending'";
    // A dead letter: retries exhausted; the row keeps its error, and its bodies for a retry.
    MARK_FAILED = "UPDATE email_outbox SET status = 'failed', last_error = ?2, claimed_until = NULL \
         WHERE id = ?1 AND status = 'pending'";
    // For /api/health: emails given up on, and emails overdue by 15 minutes (the sweep is late or failing).
    TROUBLE = "SELECT (SELECT count(*) FROM email_outbox WHERE status = 'failed') AS failed, \
           (SELECT count(*) FROM email_outbox WHERE status = 'pending' \
              AND next_attempt_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-15 minutes')) AS overdue";
    // The sweep: pending rows overdue by 5 minutes, oldest first, made due now
    // (so that the next sweep leaves them to the queue), their ids returned.
    OVERDUE = "UPDATE email_outbox SET next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         WHERE id IN (SELECT id FROM email_outbox WHERE status = 'pending' \
           AND next_attempt_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-5 minutes') \
           ORDER BY next_attempt_at LIMIT ?1) \
         RETURNING id AS outbox_id";
    // The dev mailbox: an email delivered into it, and the last day's, newest first.
    DELIVER_TO_DEV_MAILBOX = "INSERT INTO dev_mailbox (outbox_id, to_address, subject, text_body, html_body) \
         VALUES (?1, ?2, ?3, ?4, ?5)";
    RECENTLY_SENT = "SELECT m.outbox_id AS id, m.to_address, m.subject, m.text_body, m.html_body, o.attempts, \
           m.delivered_at AS sent_at \
         FROM dev_mailbox m JOIN email_outbox o ON o.id = m.outbox_id \
         WHERE m.delivered_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') \
         ORDER BY m.delivered_at DESC LIMIT ?1";
    // The dead letters, for an operator's command (`scripts/outbox`).
    LIST_FAILED = "SELECT id, kind, to_address, attempts, last_error, created_at FROM email_outbox \
         WHERE status = 'failed' ORDER BY id LIMIT 500";
    // Pending and due at once: the next sweep puts them on the queue.
    RETRY_FAILED = "UPDATE email_outbox SET status = 'pending', attempts = 0, claimed_until = NULL, \
           next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes') \
         WHERE status = 'failed'";
}

/// `scripts/outbox list-failed`: the emails given up on, with their last error.
pub fn list_failed() -> Statement {
    Statement::new(LIST_FAILED, [])
}

/// `scripts/outbox retry-failed`: every email given up on, pending again.
pub fn retry_failed() -> Statement {
    Statement::new(RETRY_FAILED, [])
}

/// Puts an email in the outbox for this account.
pub fn queue(account_id: Value, email: &OutgoingEmail) -> Statement {
    queue_with(QUEUE, account_id, email)
}

/// The same, only if the statement before it in the batch changed a row.
pub fn queue_if_changed(account_id: Value, email: &OutgoingEmail) -> Statement {
    queue_with(QUEUE_IF_CHANGED, account_id, email)
}

/// The same, unless the account got `per_hour` emails in the last hour.
pub fn queue_unless_many_this_hour(account_id: i64, email: &OutgoingEmail, per_hour: i64) -> Statement {
    let mut statement = queue_with(QUEUE_UNLESS_MANY_THIS_HOUR, account_id.into(), email);
    statement.params.push(per_hour.into());
    statement
}

fn queue_with(sql: Sql, account_id: Value, email: &OutgoingEmail) -> Statement {
    Statement::new(
        sql,
        [
            account_id,
            email.kind.code().into(),
            email.to.as_str().into(),
            email.subject.as_str().into(),
            email.text.as_str().into(),
            email.html.as_str().into(),
        ],
    )
}

/// An email as the outbox holds it.
pub type StoredEmail = SentEmail;

/// The email waiting to be sent under this id, claimed for this delivery;
/// none once it has been sent, while another delivery holds it, or when it
/// is a reminder to someone who has moved on (then skipped).
pub async fn claim(db: &dyn Database, id: i64) -> Result<Option<StoredEmail>, StoreError> {
    let results = db.batch(&[Statement::new(SKIP_IF_MOVED_ON, [id.into()]), Statement::new(CLAIM, [id.into()])]).await?;
    let claimed = results.into_iter().nth(1).and_then(|rows| rows.into_iter().next());
    claimed.map(|row| serde_json::from_value(row).map_err(|e| StoreError::BadRow(e.to_string()))).transpose()
}

/// The email is given up on, with the error that ended it (a dead letter).
pub async fn mark_failed(db: &dyn Database, id: i64, error: &str) -> Result<(), StoreError> {
    db.batch(&[Statement::new(MARK_FAILED, [id.into(), error.into()])]).await.map(drop)
}

/// Emails given up on, and emails overdue by 15 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Trouble {
    pub failed: i64,
    pub overdue: i64,
}

pub async fn trouble(db: &dyn Database) -> Result<Trouble, StoreError> {
    let rows: Vec<Trouble> = typed_rows(db, &Statement::new(TROUBLE, [])).await?;
    rows.into_iter().next().ok_or_else(|| StoreError::BadRow("email_outbox: no counts".into()))
}

/// The pending emails overdue by 5 minutes (at most `limit`), made due now:
/// for the sweep to put on the queue.
pub async fn overdue(db: &dyn Database, limit: i64) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<Queued> = typed_rows(db, &Statement::new(OVERDUE, [limit.into()])).await?;
    Ok(rows.into_iter().map(|row| row.outbox_id).collect())
}

#[derive(Deserialize)]
struct Queued {
    outbox_id: i64,
}

/// The outbox rows a batch wrote, from what its statements returned: the
/// emails to put on the queue, and no other.
pub fn queued(batch_results: &[Vec<serde_json::Value>]) -> Vec<i64> {
    batch_results
        .iter()
        .flatten()
        .filter_map(|row| serde_json::from_value::<Queued>(row.clone()).ok())
        .map(|row| row.outbox_id)
        .collect()
}

pub async fn mark_sent(db: &dyn Database, id: i64) -> Result<(), StoreError> {
    db.batch(&[Statement::new(MARK_SENT, [id.into()])]).await.map(drop)
}

/// The attempt failed with `error`; the email is due again in `retry_in_seconds`.
pub async fn record_failure(db: &dyn Database, id: i64, error: &str, retry_in_seconds: u32) -> Result<(), StoreError> {
    let statement = Statement::new(RECORD_FAILURE, [id.into(), error.into(), i64::from(retry_in_seconds).into()]);
    db.batch(&[statement]).await.map(drop)
}

/// The dev mailbox's delivery of an email (local runs only).
pub async fn deliver_to_dev_mailbox(db: &dyn Database, email: &StoredEmail) -> Result<(), StoreError> {
    let statement = Statement::new(
        DELIVER_TO_DEV_MAILBOX,
        [
            email.id.into(),
            email.to_address.as_str().into(),
            email.subject.as_str().into(),
            email.text_body.as_str().into(),
            email.html_body.as_str().into(),
        ],
    );
    db.batch(&[statement]).await.map(drop)
}

/// The newest emails the dev mailbox received in the last day.
pub async fn recently_sent(db: &dyn Database, limit: i64) -> Result<Vec<StoredEmail>, StoreError> {
    typed_rows(db, &Statement::new(RECENTLY_SENT, [limit.into()])).await
}
