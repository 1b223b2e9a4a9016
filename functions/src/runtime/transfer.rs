//! Transfer or Create Account. `POST /api/transfer` parses the claim, counts
//! it by client and by number (past either limit, the check must be passed
//! first: [`challenge`]), puts it on the transfer queue and answers: the
//! same work and the same words whatever exists, so neither the bytes nor the
//! time tell whether an account was found. The queue's consumer looks the
//! claim up, decides, writes the outcome and queues its email.

use domain::api::Notice;
use domain::emails::{self, TransferLinks};
use domain::rate_limit;
use domain::transfer::{decide, TransferClaim, TransferForm, TransferOutcome, SUBMITTED_MESSAGE};
use worker::{Request, Response};

use super::context::Context;
use super::{bucket_key, challenge, client_ip, json_body, random_link_token, random_text};
use crate::bindings;
use crate::error::AppError;
use crate::job::{works_without_queues, Job};
use crate::store::{outbox, rate_limits, transfers, Database};

pub async fn submit(mut req: Request, cx: &Context) -> Result<Response, AppError> {
    let form: TransferForm = json_body(&mut req).await?;
    let claim = form.parse()?;
    let db = &cx.db;
    let buckets = rate_limit::transfer_buckets(&bucket_key(&cx.env)?, &client_ip(&req)?, claim.registry_number());
    if !rate_limits::within(db, &buckets, [cx.config.transfer_limit_per_ip, cx.config.transfer_limit_per_number])
        .await?
    {
        challenge::passed(&req, cx).await?;
    }
    if works_without_queues(&cx.env) {
        // A preview's synthetic registry: no timing to hide, no consumer to do it later.
        decide_claim(cx, &format!("preview-{}", random_text()?), &claim).await?;
    } else {
        cx.env.queue(bindings::TRANSFERS)?.send(Job::Transfer { claim }).await?;
    }
    Ok(Response::from_json(&Notice { message: SUBMITTED_MESSAGE.into() })?.with_status(202))
}

/// The consumer's part for the queue message `message_id`: the lookup, the
/// decision, and the state change, the email in the outbox, the fix link and
/// the audit event in one batch — all or nothing, so a failure is tried again
/// from the start, and a message delivered again after its batch committed
/// changes nothing. Then the email goes on the email queue. Whether an email
/// was written (none for no match, nor past the account's emails this hour).
pub async fn decide_claim(cx: &Context, message_id: &str, claim: &TransferClaim) -> Result<bool, AppError> {
    let db = &cx.db;
    if transfers::decided(db, message_id).await? {
        return Ok(false);
    }
    let outcome = decide(transfers::find_claimed(db, claim).await?);
    let fix_link = match outcome {
        TransferOutcome::DuplicateEmail(_) => Some(random_link_token()?),
        _ => None,
    };
    let fix_url = fix_link.as_ref().map(|token| cx.config.fix_url(token));
    let log_in_url = cx.config.log_in_url();
    let deadline = cx.config.deadline_reminder();
    let links = TransferLinks { log_in: &log_in_url, fix: fix_url.as_deref(), deadline: deadline.as_deref() };
    let email = emails::for_transfer(&outcome, &links);
    let written = db.batch(&transfers::record(message_id, &outcome, email.as_ref(), fix_link.as_ref())).await?;
    cx.enqueue(&written).await;
    Ok(!outbox::queued(&written).is_empty())
}
