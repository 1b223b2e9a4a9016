//! Signing in with login.gov and out again:
//! - `GET  /auth/login`: to login.gov, with state, nonce and PKCE kept in D1
//!   for 10 minutes (taken once, atomically) and bound to this browser by a
//!   short-lived cookie;
//! - `GET  /auth/callback`: the code for tokens, every check of the ID token,
//!   the linking rules, a new session; any refusal is a page that says why;
//! - `POST /auth/logout`: the session ends here and at login.gov.
//!
//! The steps the flows share (to login.gov and back, refusals, a new
//! session's cookies) are in `sign_in_steps`.

use domain::rate_limit;
use domain::routes;
use domain::sign_in::{self, SignInOutcome, SignInProblem};
use domain::Email;
use worker::{Request, Response};

use super::context::Context;
use super::sessions::Kept;
use super::sign_in_steps::{login_gov_client, pending_key, problem_page, refuse, session_cookies, take, to_login_gov};
use super::{
    bounded_body, bucket_key, client_ip, cookie, csrf, grants, link_confirmation, now_seconds, provider, random_text,
    redirect, sessions, staff_api, webcrypto,
};
use crate::cookies;
use crate::error::AppError;
use crate::login_gov::authorize::{Assurance, PendingSignIn};
use crate::login_gov::client_assertion;
use crate::login_gov::id_token::{check_userinfo, Expected};
use crate::login_gov::logout_url;
use crate::login_gov::preview;
use crate::login_gov::Identity;
use crate::store::{accounts, audit, rate_limits, Database};
use oauth2::TokenResponse as _;

/// Where a failure of ours while signing in sends the person: "try again".
pub fn unavailable_page() -> Result<Response, AppError> {
    redirect(&problem_page(SignInProblem::Unavailable), &[])
}

pub async fn login(req: Request, cx: &Context) -> Result<Response, AppError> {
    begin(req, cx, Assurance::AuthOnly, false).await
}

/// `GET /auth/staff/login`: a staff member's sign-in, with their card.
pub async fn staff_login(req: Request, cx: &Context) -> Result<Response, AppError> {
    begin(req, cx, Assurance::StaffCard, false).await
}

/// `GET /auth/work-for/login`: the sign-in of someone who works for examiners.
pub async fn work_for_login(req: Request, cx: &Context) -> Result<Response, AppError> {
    begin(req, cx, Assurance::AuthOnly, true).await
}

async fn begin(
    req: Request,
    cx: &Context,
    assurance: Assurance,
    works_for_examiners: bool,
) -> Result<Response, AppError> {
    // At another address than the registry's or a preview's, the sign-in's cookie and its return could not meet.
    if req.url()?.origin().ascii_serialization() != cx.config.public_origin {
        return refuse(cx, SignInProblem::NotAllowedHere, "a sign-in at an address that is not the registry's").await;
    }
    let return_to = match assurance {
        Assurance::StaffCard => routes::STAFF.to_owned(),
        _ if works_for_examiners => routes::WORK_FOR.to_owned(),
        _ => req
            .url()?
            .query_pairs()
            .find(|(name, _)| name == "return_to")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default(),
    };
    match to_login_gov(cx, (assurance, works_for_examiners), &return_to).await {
        Ok((location, cookie)) => redirect(&location, &[cookie]),
        Err(e) => refuse(cx, SignInProblem::Unavailable, &e.for_the_log()).await,
    }
}

/// A sign-in refused before anyone was identified (a login.gov error, no
/// state, an unknown one): anyone can send those, as often as they like. They
/// are counted per client first; over the limit the person gets the same page,
/// but nothing more is logged or audited for that client this hour.
async fn refuse_unidentified(
    req: &Request,
    cx: &Context,
    problem: SignInProblem,
    cause: &str,
) -> Result<Response, AppError> {
    let db = &cx.db;
    let buckets = rate_limit::sign_in_refusal_buckets(&bucket_key(&cx.env)?, &client_ip(req)?);
    if !rate_limits::within(db, &buckets, [cx.config.sign_in_refusals_per_ip]).await? {
        return redirect(&problem_page(problem), &[cookies::clear(cookies::SIGN_IN)]);
    }
    refuse(cx, problem, cause).await
}

pub async fn callback(req: Request, cx: &Context) -> Result<Response, AppError> {
    let query: Vec<(String, String)> = req.url()?.query_pairs().into_owned().collect();
    let param = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    if let Some(error) = param("error") {
        // The error code only, as the provider's words: anyone can put anything in a URL.
        let code: String = error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
        let cause = format!("the provider answered {code}");
        return refuse_unidentified(&req, cx, SignInProblem::Cancelled, &cause).await;
    }
    let (Some(state), Some(code)) = (param("state"), param("code")) else {
        return refuse_unidentified(&req, cx, SignInProblem::Expired, "no state or code").await;
    };
    // Taken before it is compared: a state works once, whatever follows, and
    // however many requests bring it at the same moment.
    let pending = take::<PendingSignIn>(cx, &pending_key(state)).await?;
    let Some(pending) = pending else {
        return refuse_unidentified(&req, cx, SignInProblem::Expired, "unknown, expired or used state").await;
    };
    if !pending.started_by(cookie(&req, cookies::SIGN_IN).as_deref()) {
        return refuse(cx, SignInProblem::OtherBrowser, "the sign-in cookie is not this state's").await;
    }
    match identify(cx, &pending, code).await {
        Ok(identity) => signed_in(&req, cx, &pending, &identity).await,
        Err(Refusal(problem, cause)) => refuse(cx, problem, &cause).await,
    }
}

/// What a relayed answer carries: an OpenID Connect authorization response's parameters (RFC 9207's `iss` too).
const RELAYED: [&str; 5] = ["code", "state", "iss", "error", "error_description"];

/// `GET /auth/preview-callback` on staging: login.gov's answer to a sign-in
/// begun on a preview, sent on untouched to the preview its state names, if
/// that is one of `PREVIEW_ORIGINS`. Nothing of the preview's is read or
/// written here; the preview's own callback checks everything.
pub async fn relay(req: Request, cx: &Context) -> Result<Response, AppError> {
    let url = req.url()?;
    let state = url.query_pairs().find(|(name, _)| name == "state").map(|(_, v)| v.into_owned());
    let named = state.as_deref().and_then(preview::origin_named);
    match named.filter(|origin| cx.config.preview_origins.allows(origin)) {
        Some(origin) => {
            // login.gov's answer only: nothing else anyone put in the address goes on.
            let mut to = worker::Url::parse(&format!("{origin}{}", routes::CALLBACK))?;
            let answer = url.query_pairs().filter(|(name, _)| RELAYED.contains(&name.as_ref()));
            to.query_pairs_mut().extend_pairs(answer);
            redirect(to.as_str(), &[])
        }
        None => {
            let cause = "a preview's sign-in whose state names no allowed preview";
            refuse_unidentified(&req, cx, SignInProblem::NotAllowedHere, cause).await
        }
    }
}

struct Refusal(SignInProblem, String);

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Self(SignInProblem::Unavailable, e.for_the_log())
    }
}

/// Who login.gov says the person is: the ID token's `sub`, checked every way,
/// and their confirmed emails from userinfo (about the same `sub`).
async fn identify(cx: &Context, pending: &PendingSignIn, code: &str) -> Result<Identity, Refusal> {
    let metadata = provider::metadata(cx).await?;
    let now = now_seconds();
    let assertion = match cx.config.client_key(&cx.env)? {
        Some(key) => {
            let input =
                key.signing_input(&cx.config.login_gov.client_id, &metadata.token_endpoint, &random_text()?, now);
            Some(client_assertion::signed(&input, &webcrypto::sign_rs256(&key, &input).await?))
        }
        None => None,
    };
    let client = login_gov_client(&metadata, &cx.config)?;
    let tokens = provider::exchange_code(&client, assertion.as_deref(), code, &pending.code_verifier).await?;
    let expected = Expected {
        issuer: &cx.config.login_gov.issuer,
        client_id: &cx.config.login_gov.client_id,
        nonce: &pending.nonce,
        acr: pending.assurance.acr(),
        now,
    };
    // login.gov not giving its keys is "not answering" (try again); a token that fails a check is not verified.
    let verified = provider::verify_id_token(cx, &metadata, &tokens.extra_fields().id_token, &expected)
        .await?
        .map_err(|e| Refusal(SignInProblem::NotVerified, format!("ID token: {e}")))?;
    let userinfo = provider::userinfo(&metadata, tokens.access_token().secret()).await?;
    check_userinfo(&verified, &userinfo).map_err(|e| Refusal(SignInProblem::NotVerified, e.to_string()))?;
    Ok(userinfo.identity(verified.subject))
}

/// The end of a sign-in whose every check passed: a staff member's, a
/// person's identity verified for a link, or a person's.
async fn signed_in(
    req: &Request,
    cx: &Context,
    pending: &PendingSignIn,
    identity: &Identity,
) -> Result<Response, AppError> {
    match pending.assurance {
        Assurance::StaffCard => staff_api::sign_in(req, cx, identity).await,
        Assurance::IdentityVerified => link_confirmation::verified(req, cx, identity).await,
        Assurance::AuthOnly if pending.works_for_examiners => grants::signed_in(req, cx, identity).await,
        Assurance::AuthOnly => {
            let emails: Vec<Email> = identity.emails.iter().filter_map(|e| Email::parse(e).ok()).collect();
            finish(req, cx, pending, &identity.subject, &emails, &identity.login_gov_email).await
        }
    }
}

/// The linking rules: a new session for the account linked already, or the
/// question whether the account found is the person's.
async fn finish(
    req: &Request,
    cx: &Context,
    pending: &PendingSignIn,
    subject: &str,
    emails: &[Email],
    login_gov_email: &str,
) -> Result<Response, AppError> {
    let db = &cx.db;
    let linked = accounts::linked_to(db, subject).await?;
    let matches = if linked.is_some() { Vec::new() } else { accounts::with_emails(db, emails).await? };
    match sign_in::decide(linked, &matches) {
        SignInOutcome::AlreadyLinked(account_id) => {
            let cookies = session_cookies(req, cx, account_id, subject, login_gov_email).await?;
            redirect(&pending.return_to, &cookies)
        }
        SignInOutcome::Confirm { account_id, verify_identity } => {
            let cookie =
                link_confirmation::ask(cx, account_id, verify_identity, pending, subject, login_gov_email).await?;
            redirect(routes::SIGN_IN_CONFIRM, &[cookie, cookies::clear(cookies::SIGN_IN)])
        }
        SignInOutcome::Refused(problem) => refuse(cx, problem, "the linking rules").await,
    }
}

/// `POST /auth/logout` and `POST /auth/staff/logout` (a form with
/// `csrf_token`): the session ends here, then at login.gov, which sends the
/// person back to the signed-out page.
pub async fn logout<H: Kept>(mut req: Request, cx: &Context) -> Result<Response, AppError> {
    let clear: Vec<String> = [Some(H::COOKIE), H::HINT].into_iter().flatten().map(cookies::clear).collect();
    // Not renewed: it is about to end.
    let (id, session) = match sessions::live::<H>(&req, cx).await {
        Ok(live) => live,
        // Signed out already: nothing to end here.
        Err(AppError::NotSignedIn) => return redirect(routes::SIGNED_OUT, &clear),
        Err(e) => return Err(e),
    };
    let body = bounded_body(&mut req, crate::MAX_FORM_BODY).await?;
    let token = form_urlencoded::parse(&body).find(|(name, _)| name == "csrf_token").map(|(_, v)| v.into_owned());
    let (account_id, actor) = session.holder.audited_as();
    csrf::check_token(&req, cx, (session.csrf_token.as_str(), account_id, actor), token.as_deref()).await?;
    sessions::end::<H>(cx, &id).await?;
    cx.db.batch(&[audit::record(account_id, H::SIGNED_OUT, actor, None)]).await?;
    match provider::metadata(cx).await {
        Ok(metadata) => redirect(&logout_url(&metadata, &cx.config.login_gov, &random_text()?), &clear),
        // Signed out of the registry all the same.
        Err(_) => redirect(routes::SIGNED_OUT, &clear),
    }
}
