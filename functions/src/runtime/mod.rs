//! The handlers: everything that touches the Workers runtime (wasm32 only).
//! Each reads like the flow it serves — parse, decide with the plain modules
//! of the crate, store, respond:
//! - [`entry`]: the fetch event: routing and headers; [`assets`]: the built app;
//!   [`queues`]: the queues' consumer; [`cron`]: the sweep every 5 minutes;
//! - [`transfer`], [`email_fix`], [`account`]: Transfer or Create Account, the
//!   shared-email fix, My account's email changes;
//! - [`sign_in`] (login.gov: its routes), [`sign_in_steps`] (what every
//!   sign-in shares), [`link_confirmation`] (a first sign-in's
//!   "is this your account?"), [`sessions`] (the session in KV), [`csrf`] (which
//!   requests may change something);
//! - [`challenge`] (the check past a limit: Turnstile);
//! - [`staff_api`] (the help desk's and the program office's API, behind
//!   Cloudflare Access), [`staff_api_worker`] (the worker of its own it runs
//!   in, and the registry's worker passing requests on to it), [`campaigns`] (reminder campaigns: the staff API,
//!   the cron's sending, a reminder's button), [`grants`] (assistants and
//!   third parties working for an examiner);
//! - [`context`] (what every handler works with: the bindings, the
//!   configuration, D1; made once a request), [`config`], [`provider`]
//!   (calls to login.gov and Cloudflare Access's keys), [`webcrypto`],
//!   [`health`]. Emails leave through `crate::outbox`.

mod account;
mod assets;
mod campaigns;
mod challenge;
mod config;
mod context;
mod cron;
mod csrf;
mod email_fix;
mod entry;
mod grants;
mod health;
mod link_confirmation;
mod provider;
mod queues;
mod sessions;
mod sign_in;
mod sign_in_steps;
mod staff_api;
mod staff_api_worker;
mod transfer;
mod webcrypto;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use futures_util::StreamExt;
use worker::{Env, Request};

use crate::error::AppError;

pub(crate) fn random_text() -> Result<String, AppError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes()?))
}

/// The value of a cookie of the request.
pub(crate) fn cookie(req: &Request, name: &str) -> Option<String> {
    crate::cookies::read(req.headers().get("cookie").ok().flatten().as_deref(), name)
}

/// The request's body, at most `limit` bytes: a larger `Content-Length` is
/// refused (413) before anything is read, and a body sent without one is read
/// only until it passes the limit.
pub(crate) async fn bounded_body(req: &mut Request, limit: usize) -> Result<Vec<u8>, AppError> {
    if let Some(length) = req.headers().get("content-length")? {
        let length: usize =
            length.trim().parse().map_err(|_| AppError::BadRequest(format!("content-length {length}")))?;
        if length > limit {
            return Err(AppError::PayloadTooLarge(limit));
        }
    }
    let mut body = Vec::new();
    let Ok(mut stream) = req.stream() else { return Ok(body) }; // no body at all
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A 303 to `location` that nobody caches, with these cookies set.
pub(crate) fn redirect(location: &str, cookies: &[String]) -> Result<worker::Response, AppError> {
    let headers = worker::Headers::new();
    headers.set("location", location)?;
    headers.set("cache-control", "no-store")?;
    for cookie in cookies {
        headers.append("set-cookie", cookie)?;
    }
    Ok(worker::Response::empty()?.with_status(303).with_headers(headers))
}

/// A JSON answer that no cache keeps: it is about a person or their session.
pub(crate) fn no_store_json(value: &impl serde::Serialize) -> Result<worker::Response, AppError> {
    let headers = worker::Headers::new();
    headers.set("cache-control", "no-store")?;
    Ok(worker::Response::from_json(value)?.with_headers(headers))
}

/// A fetched response's headers cannot be changed, so the response is rebuilt
/// around its body with a copy of them, and these set.
pub(crate) fn with_headers(
    response: worker::Response,
    set: impl IntoIterator<Item = (&'static str, String)>,
) -> worker::Result<worker::Response> {
    let headers = worker::Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    for (name, value) in set {
        headers.set(name, &value)?;
    }
    Ok(response.with_headers(headers))
}

/// A JSON request body read into `T`: anything else is a 400 (413 when too
/// large) that changes nothing.
pub(crate) async fn json_body<T: serde::de::DeserializeOwned>(req: &mut worker::Request) -> Result<T, AppError> {
    use AppError::BadRequest;
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    if !content_type.trim_start().to_ascii_lowercase().starts_with("application/json") {
        return Err(BadRequest(format!("content-type {content_type}")));
    }
    let body = bounded_body(req, crate::MAX_JSON_BODY).await?;
    // serde would also read a struct from an array; the API takes objects only.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(BadRequest("not a JSON object".into()));
    }
    serde_json::from_slice(&body).map_err(|e| BadRequest(e.to_string()))
}

/// 32 bytes from the Workers runtime's `crypto.getRandomValues`.
pub(crate) fn random_bytes() -> Result<[u8; 32], AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| AppError::internal(format!("no random bytes: {e}")))?;
    Ok(bytes)
}

/// A new single-use link token.
pub(crate) fn random_link_token() -> Result<domain::link_token::LinkToken, AppError> {
    Ok(domain::link_token::LinkToken::from_random_bytes(random_bytes()?))
}

/// Seconds since the Unix epoch, by the Workers runtime's clock.
pub(crate) fn now_seconds() -> i64 {
    i64::try_from(worker::Date::now().as_millis() / 1000).unwrap_or(i64::MAX)
}

/// Today's key of the rate-limit counters, from the secret `RATE_LIMIT_SECRET`.
pub(crate) fn bucket_key(env: &Env) -> Result<domain::rate_limit::BucketKey, AppError> {
    let secret = env.secret(crate::settings::RATE_LIMIT_SECRET).map_err(|_| {
        AppError::internal(format!(
            "the secret {} is not set (wrangler secret put)",
            crate::settings::RATE_LIMIT_SECRET
        ))
    })?;
    Ok(domain::rate_limit::BucketKey::of_the_day(&secret.to_string(), now_seconds()))
}

/// The client's address, as Cloudflare gives it.
pub(crate) fn client_ip(req: &Request) -> Result<String, AppError> {
    Ok(req.headers().get("cf-connecting-ip")?.unwrap_or_default())
}
