//! `POST /api/transfer`: parse → decide → respond. Every outcome gets the same
//! answer, and the slow work (the writes, the email) happens after it, so
//! neither the bytes nor the timing tell whether an account was found.

use domain::api::Notice;
use domain::emails;
use domain::rate_limit;
use domain::transfer::{decide, TransferForm, TransferOutcome, SUBMITTED_MESSAGE};
use worker::{console_error, Context, Env, Request, Response};

use super::config::Config;
use super::{json_body, random_link_token, send_queued};
use crate::bindings;
use crate::error::AppError;
use crate::store::d1::D1;
use crate::store::{rate_limits, transfers, Database};

pub async fn submit(mut req: Request, env: Env, ctx: &Context, config: &Config) -> Result<Response, AppError> {
    let form: TransferForm = json_body(&mut req).await?;
    let claim = form.parse()?;
    let db = D1(env.d1(bindings::DB)?);
    // Counted whatever the outcome will be, so a refusal tells nothing either.
    let client_ip = req.headers().get("cf-connecting-ip")?.unwrap_or_default();
    let [by_number, by_ip] =
        rate_limits::hit(&db, &rate_limit::transfer_buckets(claim.registry_number(), &client_ip)).await?;
    if !rate_limit::allowed(&[(by_number, config.transfer_limit_per_number), (by_ip, config.transfer_limit_per_ip)]) {
        return Err(AppError::TooManyRequests);
    }
    let outcome = decide(transfers::find_claimed(&db, &claim).await?);
    let config = config.clone();
    ctx.wait_until(async move {
        if let Err(e) = record(&env, &db, &config, &outcome).await {
            console_error!("transfer: {e}");
        }
    });
    Ok(Response::from_json(&Notice { message: SUBMITTED_MESSAGE.into() })?.with_status(202))
}

/// The state change, the email in the outbox, the fix link and the audit
/// event, in one batch: all or nothing. Then the email goes on the queue.
async fn record(env: &Env, db: &D1, config: &Config, outcome: &TransferOutcome) -> Result<(), AppError> {
    let fix_link = match outcome {
        TransferOutcome::DuplicateEmail(_) => Some(random_link_token()?),
        _ => None,
    };
    let fix_url = fix_link.as_ref().map(|token| config.fix_url(token));
    let email = emails::for_transfer(outcome, &config.login_gov_account_url, fix_url.as_deref());
    db.batch(&transfers::record(outcome, email.as_ref(), fix_link.as_ref())).await?;
    match (outcome.account(), email) {
        (Some(account), Some(_)) => send_queued(env, db, account.id).await,
        _ => Ok(()),
    }
}
