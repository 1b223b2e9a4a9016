//! The SQL of the email outbox.

use domain::api::SentEmail;
use domain::emails::OutgoingEmail;
use serde::Deserialize;

use super::{typed_rows, Database, Sql, Statement, StoreError, Value};

statements! {
    QUEUE = "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    QUEUE_IF_CHANGED = "INSERT INTO email_outbox (account_id, kind, to_address, subject, text_body, html_body) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() = 1";
    PENDING = "SELECT id, to_address, subject, text_body, html_body, attempts, sent_at \
         FROM email_outbox WHERE id = ?1 AND status = 'pending'";
    NEWEST_PENDING_FOR_ACCOUNT =
        "SELECT id FROM email_outbox WHERE account_id = ?1 AND status = 'pending' ORDER BY id DESC LIMIT 1";
    MARK_SENT = "UPDATE email_outbox SET status = 'sent', attempts = attempts + 1, last_error = NULL, \
         sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1 AND status = 'pending'";
    RECORD_FAILURE =
        "UPDATE email_outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1 AND status = 'pending'";
    // The last day's: a range of the index, not a walk through years of emails.
    RECENTLY_SENT = "SELECT id, to_address, subject, text_body, html_body, attempts, sent_at \
         FROM email_outbox WHERE status = 'sent' AND sent_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') \
         ORDER BY sent_at DESC LIMIT ?1";
}

/// Puts an email in the outbox for this account.
pub fn queue(account_id: Value, email: &OutgoingEmail) -> Statement {
    queue_with(QUEUE, account_id, email)
}

/// The same, only if the statement before it in the batch changed a row.
pub fn queue_if_changed(account_id: Value, email: &OutgoingEmail) -> Statement {
    queue_with(QUEUE_IF_CHANGED, account_id, email)
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

/// The email waiting to be sent under this id; none once it has been sent.
pub async fn pending(db: &dyn Database, id: i64) -> Result<Option<StoredEmail>, StoreError> {
    Ok(typed_rows(db, &Statement::new(PENDING, [id.into()])).await?.into_iter().next())
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

/// The email just queued for an account, to hand to the queue.
pub async fn newest_pending_for(db: &dyn Database, account_id: i64) -> Result<Option<i64>, StoreError> {
    let rows: Vec<Id> = typed_rows(db, &Statement::new(NEWEST_PENDING_FOR_ACCOUNT, [account_id.into()])).await?;
    Ok(rows.first().map(|row| row.id))
}

pub async fn mark_sent(db: &dyn Database, id: i64) -> Result<(), StoreError> {
    db.batch(&[Statement::new(MARK_SENT, [id.into()])]).await
}

pub async fn record_failure(db: &dyn Database, id: i64, error: &str) -> Result<(), StoreError> {
    db.batch(&[Statement::new(RECORD_FAILURE, [id.into(), error.into()])]).await
}

/// The newest emails sent in the last day, for the local dev mailbox.
pub async fn recently_sent(db: &dyn Database, limit: i64) -> Result<Vec<StoredEmail>, StoreError> {
    typed_rows(db, &Statement::new(RECENTLY_SENT, [limit.into()])).await
}
