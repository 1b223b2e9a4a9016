//! The steps every sign-in shares, whichever flow it ends in (`sign_in`'s
//! callback, `link_confirmation`, `staff_api`, `grants`): off to login.gov with
//! the pending sign-in's secrets kept, the single-use values in between, a
//! refusal's audit event and page, and a new session's cookies.

use domain::audit::{Actor, AuditEvent};
use domain::hex::sha256_hex;
use domain::routes;
use domain::session::Examiner;
use domain::sign_in::SignInProblem;
use worker::{Request, Response};

use super::config::Config;
use super::context::Context;
use super::{now_seconds, provider, random_bytes, redirect, sessions};
use crate::cookies;
use crate::error::AppError;
use crate::log_line::{log, Level, LogLine};
use crate::login_gov::authorize::{authorization_url, Assurance, PendingSignIn};
use crate::login_gov::preview;
use crate::login_gov::{self, LoginGovClient, ProviderMetadata};
use crate::store::{accounts, audit, single_use, Database};

/// A pending sign-in is kept this long; so is its browser cookie.
const SIGN_IN_SECONDS: i64 = 600;
/// A pending identity verification, and the link question waiting for it.
pub(super) const VERIFY_IDENTITY_SECONDS: i64 = 3600;

pub(super) fn pending_key(state: &str) -> String {
    // The state travels in URLs; the key holds only its hash.
    format!("sign-in:{}", sha256_hex(state))
}

pub(super) fn problem_page(problem: SignInProblem) -> String {
    routes::SIGN_IN_PROBLEM.with(problem.code())
}

/// How long a sign-in may take. Verifying an identity (documents, a facial
/// match) takes longer than signing in.
fn sign_in_seconds(assurance: Assurance) -> i64 {
    match assurance {
        Assurance::IdentityVerified => VERIFY_IDENTITY_SECONDS,
        Assurance::AuthOnly | Assurance::StaffCard => SIGN_IN_SECONDS,
    }
}

/// A new sign-in at login.gov, its secrets kept (taken once by the callback):
/// the address of login.gov's page, and the cookie that binds the sign-in to this browser.
pub(super) async fn to_login_gov(
    cx: &Context,
    (assurance, works_for_examiners): (Assurance, bool),
    return_to: &str,
) -> Result<(String, String), AppError> {
    let metadata = provider::metadata(cx).await?;
    let (mut pending, browser) =
        PendingSignIn::new([random_bytes()?, random_bytes()?, random_bytes()?, random_bytes()?], return_to);
    if cx.config.signs_in_through_relay() {
        pending.state = preview::state_naming(&pending.state, &cx.config.public_origin);
    }
    pending.assurance = assurance;
    pending.works_for_examiners = works_for_examiners;
    let seconds = sign_in_seconds(assurance);
    keep(cx, &pending_key(&pending.state), &pending, seconds).await?;
    let cookie = cookies::set(cookies::SIGN_IN, &browser, seconds);
    Ok((authorization_url(&login_gov_client(&metadata, &cx.config)?, &pending), cookie))
}

/// The OAuth client for the provider's endpoints; an endpoint that is no URL is the provider's fault.
pub(super) fn login_gov_client(metadata: &ProviderMetadata, config: &Config) -> Result<LoginGovClient, AppError> {
    login_gov::client(metadata, &config.login_gov)
        .map_err(|e| AppError::provider_because("an endpoint of the discovery document", e))
}

/// A refused sign-in: an audit event that says why (no token, no address),
/// and the page that tells the person.
pub(super) async fn refuse(cx: &Context, problem: SignInProblem, cause: &str) -> Result<Response, AppError> {
    redirect(&refusal(cx, problem, cause).await?, &[cookies::clear(cookies::SIGN_IN)])
}

/// Logs and audits a refused sign-in; returns the page that tells the person.
pub(super) async fn refusal(cx: &Context, problem: SignInProblem, cause: &str) -> Result<String, AppError> {
    let line = LogLine {
        problem: Some(problem.code().into()),
        cause: Some(cause.into()),
        ..LogLine::event("sign_in_refused")
    };
    log(Level::Warn, &line);
    let db = &cx.db;
    db.batch(&[audit::record(None, AuditEvent::SignInRefused, Actor::SignIn, Some(problem.code()))]).await?;
    Ok(problem_page(problem))
}

/// Keeps `value` under `key` for `seconds`, to be taken once by [`take`].
pub(super) async fn keep<T: serde::Serialize>(
    cx: &Context,
    key: &str,
    value: &T,
    seconds: i64,
) -> Result<(), AppError> {
    let db = &cx.db;
    Ok(single_use::keep(db, key, &serde_json::to_string(value)?, now_seconds() + seconds).await?)
}

/// The single-use value under `key`, taken (D1's `DELETE … RETURNING`).
pub(super) async fn take<T: serde::de::DeserializeOwned>(cx: &Context, key: &str) -> Result<Option<T>, AppError> {
    let db = &cx.db;
    let kept = single_use::take(db, key, now_seconds()).await?;
    Ok(kept.map(|json| serde_json::from_str(&json)).transpose()?)
}

/// The single-use value under `key`, left for [`take`].
pub(super) async fn peek<T: serde::de::DeserializeOwned>(cx: &Context, key: &str) -> Result<Option<T>, AppError> {
    let db = &cx.db;
    let kept = single_use::peek(db, key, now_seconds()).await?;
    Ok(kept.map(|json| serde_json::from_str(&json)).transpose()?)
}

/// A new session for the account, recorded: the cookies that start it and end the sign-in.
pub(super) async fn session_cookies(
    req: &Request,
    cx: &Context,
    account_id: i64,
    subject: &str,
    login_gov_email: &str,
) -> Result<Vec<String>, AppError> {
    let db = &cx.db;
    let generation = accounts::session_generation(db, account_id).await?;
    let examiner =
        Examiner { account_id, subject: subject.to_owned(), login_gov_email: login_gov_email.to_owned(), generation };
    let id = sessions::start(req, cx, examiner).await?;
    db.batch(&[audit::record(Some(account_id), AuditEvent::SignedIn, Actor::SignIn, None)]).await?;
    Ok(vec![
        cookies::set_until_browser_closes(cookies::SESSION, &id),
        cookies::signed_in_hint(),
        cookies::clear(cookies::SIGN_IN),
    ])
}
