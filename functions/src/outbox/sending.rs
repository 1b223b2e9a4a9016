//! Putting outbox rows on the email queue once the batch that wrote them has
//! committed; on a preview, which has no queue consumer, delivering them now.

use worker::Env;

use super::{delivery, providers};
use crate::bindings;
use crate::error::AppError;
use crate::job::{works_without_queues, Job};
use crate::log_line::{log, Level, LogLine};
use crate::store::d1::D1;
use crate::store::outbox;

/// Puts the outbox rows a batch wrote (`batch_results`) on the email queue,
/// for the consumer to send. The batch has committed, so a failure here is
/// not the person's: it is logged, and the sweep sends the rows.
pub async fn enqueue(env: &Env, db: &D1, batch_results: &[Vec<serde_json::Value>]) {
    enqueue_rows(env, db, outbox::queued(batch_results)).await;
}

/// [`enqueue`], for these outbox ids.
pub async fn enqueue_rows(env: &Env, db: &D1, outbox_ids: Vec<i64>) {
    let count = outbox_ids.len();
    if let Err(e) = send_emails(env, db, outbox_ids).await {
        // The rows stay pending, for the sweep.
        log(
            Level::Error,
            &LogLine { count: Some(count), cause: Some(e.for_the_log()), ..LogLine::event("enqueue_failed") },
        );
    }
}

/// Puts these outbox rows on the email queue, in one call; on a preview,
/// delivers them now (into its dev mailbox).
pub async fn send_emails(env: &Env, db: &D1, outbox_ids: Vec<i64>) -> Result<(), AppError> {
    if outbox_ids.is_empty() {
        return Ok(());
    }
    if works_without_queues(env) {
        let provider = providers::from_env(env)?;
        for outbox_id in outbox_ids {
            delivery::deliver(db, &provider, outbox_id).await?;
        }
        return Ok(());
    }
    let jobs: Vec<Job> = outbox_ids.into_iter().map(|outbox_id| Job::SendEmail { outbox_id }).collect();
    env.queue(bindings::EMAILS)?.send_batch(jobs).await?;
    Ok(())
}
