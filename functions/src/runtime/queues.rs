//! The queues' consumer: the email queue's messages name an outbox row to
//! send, the transfer queue's a claim to decide; and what their dead-letter
//! queues get. A job is acknowledged only once its work is done.

use worker::{Env, MessageBatch, MessageExt, QueueRetryOptionsBuilder};

use super::context::Context;
use super::transfer;
use crate::error::AppError;
use crate::job::Job;
use crate::log_line::{log, Level, LogLine};
use crate::outbox::delivery::{self, Delivery};
use crate::outbox::providers;
use crate::store::d1::D1;
use crate::store::outbox;

/// The end of a dead-letter queue's name (wrangler.toml): what it gets, the
/// queue gave up on after its retries.
const DEAD_LETTERS: &str = "-dead-letters";

/// Messages the queues gave up on: an email becomes `failed` (counted on
/// /api/health, sent again after `scripts/outbox retry-failed`); a claim is
/// logged — without its contents — and dropped.
async fn dead_letters(batch: MessageBatch<Job>, db: &D1) -> worker::Result<()> {
    for message in batch.messages()? {
        match message.body() {
            Job::SendEmail { outbox_id } => {
                match outbox::mark_failed(db, *outbox_id, "the queue gave up after its retries").await {
                    Ok(()) => message.ack(),
                    Err(e) => {
                        let cause = Some(e.to_string());
                        log(
                            Level::Error,
                            &LogLine { outbox_id: Some(*outbox_id), cause, ..LogLine::event("dead_letter") },
                        );
                        message.retry();
                    }
                }
            }
            Job::Transfer { .. } => {
                // Without its contents: a claim names a person.
                log(Level::Error, &LogLine::event("transfer_claim_dropped"));
                message.ack();
            }
        }
    }
    Ok(())
}

/// A job that failed on our side (D1 unavailable, a setting missing…) is tried again this much later.
const RETRY_SECONDS: u32 = 30;

/// Every batch of either queue, or of a dead-letter queue.
// The registry's worker only: the staff API's has no queue or cron (and
// compiles this unused, as `entry::fetch`).
#[cfg_attr(not(feature = "staff-api-worker"), worker::event(queue))]
#[cfg_attr(feature = "staff-api-worker", expect(dead_code))]
async fn queue(batch: MessageBatch<Job>, env: Env, _ctx: worker::Context) -> worker::Result<()> {
    let db = D1::of(&env)?;
    if batch.queue().ends_with(DEAD_LETTERS) {
        return dead_letters(batch, &db).await;
    }
    // Each kind of job reads what it needs here: a setting missing for one
    // (the email provider's, or the transfers' context) does not stop the other.
    let provider = providers::from_env(&env);
    let cx = Context::of(env);
    for message in batch.messages()? {
        match message.body() {
            Job::SendEmail { outbox_id } => {
                let delivered = match &provider {
                    Ok(provider) => delivery::deliver(&db, provider, *outbox_id).await.map_err(AppError::from),
                    Err(e) => Err(AppError::internal(e.for_the_log())),
                };
                match delivered {
                    Ok(Delivery::Sent | Delivery::NothingPending) => message.ack(),
                    Ok(Delivery::GaveUp) => {
                        log(Level::Error, &LogLine { outbox_id: Some(*outbox_id), ..LogLine::event("email_failed") });
                        message.ack();
                    }
                    Ok(Delivery::Failed { retry_in_seconds }) => {
                        let line = LogLine { outbox_id: Some(*outbox_id), ..LogLine::event("email_retry") };
                        log(Level::Warn, &LogLine { duration_ms: Some(u64::from(retry_in_seconds) * 1000), ..line });
                        let delay = QueueRetryOptionsBuilder::new().with_delay_seconds(retry_in_seconds).build();
                        message.retry_with_options(&delay);
                    }
                    Err(e) => {
                        let cause = Some(e.for_the_log());
                        log(
                            Level::Error,
                            &LogLine { outbox_id: Some(*outbox_id), cause, ..LogLine::event("email_error") },
                        );
                        let later = QueueRetryOptionsBuilder::new().with_delay_seconds(RETRY_SECONDS).build();
                        message.retry_with_options(&later);
                    }
                }
            }
            Job::Transfer { claim } => {
                let decided = match &cx {
                    Ok(cx) => transfer::decide_claim(cx, &message.id(), claim).await,
                    Err(e) => Err(AppError::internal(e.for_the_log())),
                };
                match decided {
                    Ok(_emailed) => message.ack(),
                    Err(e) => {
                        log(
                            Level::Error,
                            &LogLine { cause: Some(e.for_the_log()), ..LogLine::event("transfer_error") },
                        );
                        let later = QueueRetryOptionsBuilder::new().with_delay_seconds(RETRY_SECONDS).build();
                        message.retry_with_options(&later);
                    }
                }
            }
        }
    }
    Ok(())
}
