//! `GET /api/health`: the build, whether D1 and KV answer, and the outbox's
//! trouble — emails given up on (dead letters) and emails overdue — so that
//! monitoring sees mail that does not leave. The counts are one query, which
//! is also D1's answer.

use domain::api::{Check, Health};
use worker::{Env, Response};

use super::config::Config;
use crate::store::d1::D1;
use crate::store::outbox::{self, Trouble};
use crate::{bindings, build_commit, build_version, error::AppError};

pub async fn check(env: &Env, config: &Config) -> Result<Response, AppError> {
    let (trouble, kv) = (outbox_trouble(env).await, kv_answers(env).await);
    let check = |up: bool| if up { Check::Ok } else { Check::Failing };
    let d1 = trouble.is_some();
    let health = Health {
        version: build_version(),
        environment: config.environment.clone(),
        commit: build_commit().to_owned(),
        d1: check(d1),
        kv: check(kv),
        emails_failed: trouble.map(|t| t.failed),
        emails_overdue: trouble.map(|t| t.overdue),
    };
    Ok(Response::from_json(&health)?.with_status(if d1 && kv { 200 } else { 503 }))
}

async fn outbox_trouble(env: &Env) -> Option<Trouble> {
    let db = env.d1(bindings::DB).ok()?;
    outbox::trouble(&D1(db)).await.ok()
}

async fn kv_answers(env: &Env) -> bool {
    let Ok(kv) = env.kv(bindings::KV) else { return false };
    kv.get("health").text().await.is_ok()
}
