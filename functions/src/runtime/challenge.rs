//! The check past a limit (`domain::challenge`): the widget's answer, in the
//! request's [`ANSWER_HEADER`], verified with Turnstile's `siteverify` at the
//! configured URL before the request goes on. No answer, or one that does not
//! pass, is a 428 that carries the widget for the page to draw.

use domain::challenge::{ChallengeAnswer, ChallengeAsked, ANSWER_HEADER};
use worker::{Headers, Method, Request, RequestInit};

use super::client_ip;
use super::context::Context;
use super::provider::call_within_timeout;
use crate::error::AppError;
use crate::settings::TURNSTILE_SECRET_KEY;
use crate::turnstile::{is_test_key, Checked, SiteverifyRequest, Verdict, ACTION};

/// Whether the request carries an answer that Turnstile passes; each answer passes once.
pub async fn passed(req: &Request, cx: &Context) -> Result<(), AppError> {
    let turnstile = &cx.config.turnstile;
    let asked = |asked, because: String| AppError::Challenge { asked, challenge: turnstile.challenge.clone(), because };
    let answer = req.headers().get(ANSWER_HEADER)?;
    let Some(answer) = answer.as_deref().and_then(ChallengeAnswer::parse) else {
        return Err(asked(ChallengeAsked::First, "past a limit, no answer".into()));
    };
    let secret = cx
        .env
        .secret(TURNSTILE_SECRET_KEY)
        .map_err(|_| AppError::internal(format!("the secret {TURNSTILE_SECRET_KEY} is not set (wrangler secret put)")))?
        .to_string();
    // Cloudflare's test secrets pass (or fail) every answer: never production's.
    if cx.config.environment == "production" && is_test_key(&secret) {
        return Err(AppError::internal(format!("{TURNSTILE_SECRET_KEY} is one of Cloudflare's test secrets")));
    }
    let body = serde_json::to_string(&SiteverifyRequest {
        secret: &secret,
        response: answer.as_str(),
        remoteip: &client_ip(req)?,
    })?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(body.into()));
    let calling = "Turnstile's siteverify";
    let mut response =
        call_within_timeout(&turnstile.siteverify_url, &init).await.map_err(|e| AppError::while_doing(calling, e))?;
    if response.status_code() != 200 {
        return Err(AppError::internal(format!("{calling} answered {}", response.status_code())));
    }
    let verdict: Verdict = response.json().await.map_err(|e| AppError::while_doing(calling, e))?;
    let page = worker::Url::parse(&cx.config.public_origin)?;
    let bound_to = turnstile.binds_answers().then(|| (page.host_str().unwrap_or_default(), ACTION));
    match verdict.checked(bound_to) {
        Checked::Passed => Ok(()),
        Checked::NotPassed(why) => Err(asked(ChallengeAsked::Again, why)),
        Checked::Broken(codes) => Err(AppError::internal(format!("{calling} refused the call: {codes}"))),
    }
}
