//! The session of a signed-in person: an opaque id in the `__Host-` cookie,
//! the session in KV under the id's hash, 30 minutes idle and 12 hours in all.
//! - `GET /api/session`: the signed-in person and their CSRF token, or 401.

use domain::account::SignedIn;
use domain::hex::sha256_hex;
use domain::session::Session;
use worker::{Env, Headers, Request, Response};

use super::{cookie, now_seconds, random_text};
use crate::bindings;
use crate::cookies;
use crate::error::AppError;
use crate::store::accounts;
use crate::store::d1::D1;

/// KV refuses a TTL shorter than a minute.
const KV_MIN_TTL: u64 = 60;

fn session_key(id: &str) -> String {
    format!("session:{}", sha256_hex(id))
}

/// A new session for the account, under a new id (the cookie's value); a
/// session this browser had before ends.
pub async fn start(
    req: &Request,
    env: &Env,
    account_id: i64,
    subject: &str,
    login_gov_email: &str,
) -> Result<String, AppError> {
    if let Some(old) = cookie(req, cookies::SESSION) {
        end(env, &old).await?;
    }
    let now = now_seconds();
    let session = Session {
        account_id,
        subject: subject.to_owned(),
        login_gov_email: login_gov_email.to_owned(),
        csrf_token: random_text()?,
        started_at: now,
        last_seen_at: now,
    };
    let id = random_text()?;
    store(env, &id, &session, now).await?;
    Ok(id)
}

/// The session under this id ends.
pub async fn end(env: &Env, id: &str) -> Result<(), AppError> {
    Ok(env.kv(bindings::KV)?.delete(&session_key(id)).await?)
}

async fn store(env: &Env, id: &str, session: &Session, now: i64) -> Result<(), AppError> {
    let ttl = u64::try_from(session.seconds_left_at(now)).unwrap_or(0).max(KV_MIN_TTL);
    let stored = serde_json::to_string(session)?;
    env.kv(bindings::KV)?.put(&session_key(id), stored)?.expiration_ttl(ttl).execute().await?;
    Ok(())
}

/// The live session of this request and its id, as stored, not renewed:
/// [`AppError::NotSignedIn`] when there is none (an ended one is deleted).
pub async fn live(req: &Request, env: &Env) -> Result<(String, Session), AppError> {
    live_at(req, env, now_seconds()).await
}

async fn live_at(req: &Request, env: &Env, now: i64) -> Result<(String, Session), AppError> {
    let id = cookie(req, cookies::SESSION).ok_or(AppError::NotSignedIn)?;
    let kv = env.kv(bindings::KV)?;
    let session = kv.get(&session_key(&id)).json::<Session>().await?.ok_or(AppError::NotSignedIn)?;
    if !session.is_live_at(now) {
        kv.delete(&session_key(&id)).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request, renewed for another 30 minutes if its
/// last renewal is more than a few minutes old (`Session::renewed_at`);
/// [`AppError::NotSignedIn`] when there is none.
pub async fn signed_in(req: &Request, env: &Env) -> Result<Session, AppError> {
    let now = now_seconds();
    let (id, session) = live_at(req, env, now).await?;
    match session.renewed_at(now) {
        Some(renewed) => {
            store(env, &id, &renewed, now).await?;
            Ok(renewed)
        }
        None => Ok(session),
    }
}

/// `GET /api/session`.
pub async fn current(req: Request, env: &Env) -> Result<Response, AppError> {
    let session = signed_in(&req, env).await?;
    let db = D1(env.d1(bindings::DB)?);
    let today = worker::js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let account =
        accounts::my_account(&db, session.account_id, today.get(..10).unwrap_or_default(), &session.login_gov_email)
            .await?
            .ok_or(AppError::NotSignedIn)?;
    let headers = Headers::new();
    headers.set("cache-control", "no-store")?;
    Ok(Response::from_json(&SignedIn { account, csrf_token: session.csrf_token })?.with_headers(headers))
}
