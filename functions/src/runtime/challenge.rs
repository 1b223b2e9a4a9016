//! The check past a limit (`domain::challenge`): the widget's answer, in the
//! request's [`ANSWER_HEADER`], verified with Turnstile's `siteverify` at the
//! configured URL before the request goes on. No answer, or one that does not
//! pass, is a 428 that carries the widget for the page to draw.

use domain::challenge::{ChallengeAnswer, ChallengeAsked, ANSWER_HEADER};
use worker::{Env, Headers, Method, Request, RequestInit};

use super::client_ip;
use super::config::Config;
use super::provider::{call_within_timeout, NoAnswer};
use crate::error::AppError;
use crate::settings::TURNSTILE_SECRET_KEY;
use crate::turnstile::{SiteverifyRequest, Verdict};

/// Whether the request carries an answer that Turnstile passes; each answer passes once.
pub async fn passed(req: &Request, env: &Env, config: &Config) -> Result<(), AppError> {
    let asked =
        |asked, because: String| AppError::Challenge { asked, challenge: config.turnstile.challenge.clone(), because };
    let answer = req.headers().get(ANSWER_HEADER)?;
    let Some(answer) = answer.as_deref().and_then(ChallengeAnswer::parse) else {
        return Err(asked(ChallengeAsked::First, "past a limit, no answer".into()));
    };
    let secret = env.secret(TURNSTILE_SECRET_KEY).map_err(|_| {
        AppError::internal(format!("the secret {TURNSTILE_SECRET_KEY} is not set (wrangler secret put)"))
    })?;
    let body = serde_json::to_string(&SiteverifyRequest {
        secret: &secret.to_string(),
        response: answer.as_str(),
        remoteip: &client_ip(req)?,
    })?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(body.into()));
    let url = &config.turnstile.siteverify_url;
    let mut response = call_within_timeout(url, &init).await.map_err(|NoAnswer { what, cause }| match cause {
        Some(cause) => AppError::while_doing(format!("Turnstile's siteverify: {what}"), cause),
        None => AppError::internal(format!("Turnstile's siteverify: {what}")),
    })?;
    if response.status_code() != 200 {
        return Err(AppError::internal(format!("Turnstile's siteverify answered {}", response.status_code())));
    }
    let verdict: Verdict = response.json().await.map_err(|e| AppError::while_doing("Turnstile's verdict", e))?;
    verdict.passed().map_err(|why| asked(ChallengeAsked::Again, why))
}
