//! The cron (wrangler.toml `[triggers]`): what the registry does on its own.

use worker::{Env, ScheduleContext, ScheduledEvent};

use super::context::Context;
use super::{campaigns, grants};
use crate::error::AppError;
use crate::log_line::{log, Level, LogLine};
use crate::outbox::sending::send_emails;
use crate::store::d1::D1;
use crate::store::{funnel, outbox, rate_limits, single_use, transfers};

/// Outbox rows put on the queue again by one sweep, at most (a queue takes 100 messages a batch).
const SWEEP_LIMIT: i64 = 100;

/// The sweep, every 5 minutes (wrangler.toml `[triggers]`): the outbox emails
/// overdue by 5 minutes go on the queue again (an enqueue that failed after
/// its batch, a lost message); old rate-limit counters and the claims decided
/// more than two weeks ago are forgotten; today's funnel is written down;
/// grants past their period, and requests unanswered for 30 days, expire.
// The registry's worker only: the staff API's has no queue or cron (and
// compiles this unused, as `entry::fetch`).
#[cfg_attr(not(feature = "staff-api-worker"), worker::event(scheduled))]
#[cfg_attr(feature = "staff-api-worker", expect(dead_code))]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if let Err(e) = sweep(env).await {
        log(Level::Error, &LogLine { cause: Some(e.for_the_log()), ..LogLine::event("sweep_error") });
    }
}

async fn sweep(env: Env) -> Result<(), AppError> {
    // The outbox's and the tables' upkeep first: it needs no setting but the bindings.
    let db = D1::of(&env)?;
    let overdue = outbox::overdue(&db, SWEEP_LIMIT).await?;
    if !overdue.is_empty() {
        log(Level::Warn, &LogLine { count: Some(overdue.len()), ..LogLine::event("sweep_requeued") });
    }
    send_emails(&env, &db, overdue).await?;
    rate_limits::forget_old(&db).await?;
    transfers::forget_decided(&db).await?;
    single_use::forget_expired(&db, super::now_seconds()).await?;
    funnel::snapshot(&db).await?;
    let cx = Context::of(env)?;
    grants::expire(&cx).await?;
    campaigns::send_due(&cx).await
}
