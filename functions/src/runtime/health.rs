//! `GET /api/health`: the build, and whether D1 and KV answer.

use domain::api::{Check, Health};
use worker::{Env, Response};

use crate::store::d1::D1;
use crate::{bindings, build_version, error::AppError, store};

pub async fn check(env: &Env) -> Result<Response, AppError> {
    let (d1, kv) = (d1_answers(env).await, kv_answers(env).await);
    let check = |up: bool| if up { Check::Ok } else { Check::Failing };
    let health = Health { version: build_version(), d1: check(d1), kv: check(kv) };
    Ok(Response::from_json(&health)?.with_status(if d1 && kv { 200 } else { 503 }))
}

async fn d1_answers(env: &Env) -> bool {
    let Ok(db) = env.d1(bindings::DB) else { return false };
    store::health::answers(&D1(db)).await
}

async fn kv_answers(env: &Env) -> bool {
    let Ok(kv) = env.kv(bindings::KV) else { return false };
    kv.get("health").text().await.is_ok()
}
