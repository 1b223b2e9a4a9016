//! Signing in with login.gov and out again, and the session in between:
//! - `GET  /auth/login`: to login.gov, with state, nonce and PKCE kept in KV
//!   for 10 minutes and bound to this browser by a short-lived cookie;
//! - `GET  /auth/callback`: the code for tokens, every check of the ID token,
//!   the linking rules, a new session; any refusal is a page that says why;
//! - `POST /auth/logout`: the session ends here and at login.gov;
//! - `GET  /api/session`: the signed-in person, or 401.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::account::SignedIn;
use domain::audit::{Actor, AuditEvent};
use domain::emails;
use domain::hex::sha256_hex;
use domain::routes;
use domain::session::{same_secret, Session};
use domain::sign_in::{self, SignInOutcome, SignInProblem};
use domain::Email;
use worker::{console_warn, Env, Headers, Request, Response};

use crate::config::Config;
use crate::cookies;
use crate::delivery::send_queued;
use crate::error::AppError;
use crate::login_gov::authorize::{authorization_url, PendingSignIn};
use crate::login_gov::client_assertion;
use crate::login_gov::id_token::{check_userinfo, Expected};
use crate::login_gov::logout_url;
use crate::provider;
use crate::store::d1::D1;
use crate::store::{accounts, audit, Database};
use crate::{bindings, now_seconds, random_bytes, webcrypto};

/// KV keeps a pending sign-in this long; so does its browser cookie.
const SIGN_IN_SECONDS: u64 = 600;
/// KV refuses a TTL shorter than a minute.
const KV_MIN_TTL: u64 = 60;

fn random_text() -> Result<String, AppError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes()?))
}

fn pending_key(state: &str) -> String {
    // The state travels in URLs; the key holds only its hash.
    format!("sign-in:{}", sha256_hex(state))
}

fn session_key(id: &str) -> String {
    format!("session:{}", sha256_hex(id))
}

/// A 303 to `location` that nobody caches, with these cookies set.
fn redirect(location: &str, cookies: &[String]) -> Result<Response, AppError> {
    let headers = Headers::new();
    headers.set("location", location)?;
    headers.set("cache-control", "no-store")?;
    for cookie in cookies {
        headers.append("set-cookie", cookie)?;
    }
    Ok(Response::empty()?.with_status(303).with_headers(headers))
}

fn problem_page(problem: SignInProblem) -> String {
    routes::SIGN_IN_PROBLEM.with(problem.code())
}

/// Where a failure of ours while signing in sends the person: "try again".
pub fn unavailable_page() -> Result<Response, AppError> {
    redirect(&problem_page(SignInProblem::Unavailable), &[])
}

fn cookie_header(req: &Request) -> Option<String> {
    req.headers().get("cookie").ok().flatten()
}

pub async fn login(req: Request, env: &Env) -> Result<Response, AppError> {
    let config = Config::from_env(env)?;
    let metadata = match provider::metadata(env, &config).await {
        Ok(metadata) => metadata,
        Err(e) => return refuse(env, SignInProblem::Unavailable, &e.to_string()).await,
    };
    let return_to = req
        .url()?
        .query_pairs()
        .find(|(name, _)| name == "return_to")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let (pending, browser) =
        PendingSignIn::new([random_bytes()?, random_bytes()?, random_bytes()?, random_bytes()?], &return_to);
    let kv = env.kv(bindings::KV)?;
    let stored = serde_json::to_string(&pending)?;
    kv.put(&pending_key(&pending.state), stored)?.expiration_ttl(SIGN_IN_SECONDS).execute().await?;
    let cookie = cookies::set(cookies::SIGN_IN, &browser, SIGN_IN_SECONDS as i64);
    redirect(&authorization_url(&metadata, &config.login_gov, &pending), &[cookie])
}

/// A refused sign-in: an audit event that says why (no token, no address),
/// and the page that tells the person.
async fn refuse(env: &Env, problem: SignInProblem, cause: &str) -> Result<Response, AppError> {
    console_warn!("sign-in refused ({}): {cause}", problem.code());
    let db = D1(env.d1(bindings::DB)?);
    db.batch(&[audit::record(None, AuditEvent::SignInRefused, Actor::SignIn, Some(problem.code()))]).await?;
    redirect(&problem_page(problem), &[cookies::clear(cookies::SIGN_IN)])
}

pub async fn callback(req: Request, env: &Env) -> Result<Response, AppError> {
    let query: Vec<(String, String)> = req.url()?.query_pairs().into_owned().collect();
    let param = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    if let Some(error) = param("error") {
        // The error code only, as the provider's words: anyone can put anything in a URL.
        let code: String = error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
        return refuse(env, SignInProblem::Cancelled, &format!("the provider answered {code}")).await;
    }
    let (Some(state), Some(code)) = (param("state"), param("code")) else {
        return refuse(env, SignInProblem::Expired, "no state or code").await;
    };
    // Removed before it is compared: a state works once, whatever follows.
    let kv = env.kv(bindings::KV)?;
    let key = pending_key(state);
    let pending = kv.get(&key).json::<PendingSignIn>().await?;
    kv.delete(&key).await?;
    let Some(pending) = pending else {
        return refuse(env, SignInProblem::Expired, "unknown, expired or used state").await;
    };
    if !pending.started_by(cookies::read(cookie_header(&req).as_deref(), cookies::SIGN_IN).as_deref()) {
        return refuse(env, SignInProblem::OtherBrowser, "the sign-in cookie is not this state's").await;
    }
    let config = Config::from_env(env)?;
    match identify(env, &config, &pending, code).await {
        Ok((subject, emails, login_gov_email)) => {
            finish(&req, env, &config, &pending, &subject, &emails, &login_gov_email).await
        }
        Err(Refusal(problem, cause)) => refuse(env, problem, &cause).await,
    }
}

struct Refusal(SignInProblem, String);

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Self(SignInProblem::Unavailable, e.to_string())
    }
}

/// Who login.gov says the person is: the ID token's `sub`, checked every way,
/// and their confirmed emails from userinfo (about the same `sub`).
async fn identify(
    env: &Env,
    config: &Config,
    pending: &PendingSignIn,
    code: &str,
) -> Result<(String, Vec<Email>, String), Refusal> {
    let metadata = provider::metadata(env, config).await?;
    let now = now_seconds();
    let assertion = match config.client_key(env)? {
        Some(key) => {
            let input = key.signing_input(&config.login_gov.client_id, &metadata.token_endpoint, &random_text()?, now);
            Some(client_assertion::signed(&input, &webcrypto::sign_rs256(&key, &input).await?))
        }
        None => None,
    };
    let tokens = provider::exchange_code(&metadata, config, assertion.as_deref(), code, &pending.code_verifier).await?;
    let expected = Expected {
        issuer: &config.login_gov.issuer,
        client_id: &config.login_gov.client_id,
        nonce: &pending.nonce,
        now,
    };
    let verified = provider::verify_id_token(env, &metadata, &tokens.id_token, &expected)
        .await
        .map_err(|e| Refusal(SignInProblem::NotVerified, e.to_string()))?;
    let userinfo = provider::userinfo(&metadata, &tokens.access_token).await?;
    check_userinfo(&verified, &userinfo).map_err(|e| Refusal(SignInProblem::NotVerified, e.to_string()))?;
    let emails: Vec<Email> =
        userinfo.all_emails.iter().chain(userinfo.email.iter()).filter_map(|e| Email::parse(e).ok()).collect();
    let login_gov_email = userinfo.email.clone().or_else(|| userinfo.all_emails.first().cloned()).unwrap_or_default();
    Ok((verified.subject, emails, login_gov_email))
}

/// The linking rules, then a new session for the account.
async fn finish(
    req: &Request,
    env: &Env,
    config: &Config,
    pending: &PendingSignIn,
    subject: &str,
    emails: &[Email],
    login_gov_email: &str,
) -> Result<Response, AppError> {
    let db = D1(env.d1(bindings::DB)?);
    let linked = accounts::linked_to(&db, subject).await?;
    let matches = if linked.is_some() { Vec::new() } else { accounts::with_emails(&db, emails).await? };
    let account_id = match sign_in::decide(linked, &matches) {
        SignInOutcome::AlreadyLinked(account_id) => account_id,
        SignInOutcome::Link(account_id) => {
            let (primary, _) = accounts::emails_of(&db, account_id)
                .await?
                .ok_or_else(|| AppError::internal(format!("account {account_id} vanished while linking")))?;
            db.batch(&accounts::link(account_id, subject, &emails::linked(&primary, &config.my_account_url()))).await?;
            // The link is made only if the account was still free: another sign-in may have won a race.
            if accounts::linked_to(&db, subject).await? != Some(account_id) {
                return refuse(
                    env,
                    SignInProblem::LinkedToAnother,
                    "the account was linked by another sign-in meanwhile",
                )
                .await;
            }
            send_queued(env, &db, account_id).await?;
            account_id
        }
        SignInOutcome::Refused(problem) => return refuse(env, problem, "the linking rules").await,
    };
    // A new id at every sign-in; a session this browser had before ends.
    if let Some(old) = cookies::read(cookie_header(req).as_deref(), cookies::SESSION) {
        env.kv(bindings::KV)?.delete(&session_key(&old)).await?;
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
    store_session(env, &id, &session, now).await?;
    db.batch(&[audit::record(Some(account_id), AuditEvent::SignedIn, Actor::SignIn, None)]).await?;
    redirect(
        &pending.return_to,
        &[cookies::set_until_browser_closes(cookies::SESSION, &id), cookies::clear(cookies::SIGN_IN)],
    )
}

async fn store_session(env: &Env, id: &str, session: &Session, now: i64) -> Result<(), AppError> {
    let ttl = u64::try_from(session.seconds_left_at(now)).unwrap_or(0).max(KV_MIN_TTL);
    let stored = serde_json::to_string(session)?;
    env.kv(bindings::KV)?.put(&session_key(id), stored)?.expiration_ttl(ttl).execute().await?;
    Ok(())
}

/// The live session of this request and its id, as stored: [`AppError::NotSignedIn`]
/// when there is none (an ended one is deleted).
async fn live_session(req: &Request, env: &Env, now: i64) -> Result<(String, Session), AppError> {
    let id = cookies::read(cookie_header(req).as_deref(), cookies::SESSION).ok_or(AppError::NotSignedIn)?;
    let kv = env.kv(bindings::KV)?;
    let session = kv.get(&session_key(&id)).json::<Session>().await?.ok_or(AppError::NotSignedIn)?;
    if !session.is_live_at(now) {
        kv.delete(&session_key(&id)).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request, renewed for another 30 minutes;
/// [`AppError::NotSignedIn`] when there is none.
pub async fn signed_in(req: &Request, env: &Env) -> Result<Session, AppError> {
    let now = now_seconds();
    let (id, session) = live_session(req, env, now).await?;
    let renewed = Session { last_seen_at: now, ..session };
    store_session(env, &id, &renewed, now).await?;
    Ok(renewed)
}

/// A state-changing request must come from the registry's own pages (`Origin`)
/// and carry the session's CSRF token. A refusal is an audit event of the account.
pub async fn check_csrf(
    req: &Request,
    env: &Env,
    config: &Config,
    session: &Session,
    token: Option<&str>,
) -> Result<(), AppError> {
    let origin = req.headers().get("origin")?.unwrap_or_default();
    let refusal = if origin != config.public_origin {
        "the request's Origin is not the registry's"
    } else if !token.is_some_and(|token| same_secret(token, &session.csrf_token)) {
        "no CSRF token, or not the session's"
    } else {
        return Ok(());
    };
    D1(env.d1(bindings::DB)?)
        .batch(&[audit::record(Some(session.account_id), AuditEvent::RequestRefused, Actor::SignIn, Some("csrf"))])
        .await?;
    Err(AppError::Forbidden(refusal))
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

/// `POST /auth/logout` (a form with `csrf_token`): the session ends here, then
/// at login.gov, which sends the person back to the signed-out page.
pub async fn logout(mut req: Request, env: &Env) -> Result<Response, AppError> {
    let config = Config::from_env(env)?;
    // Not renewed: it is about to end.
    let (id, session) = match live_session(&req, env, now_seconds()).await {
        Ok(live) => live,
        // Signed out already: nothing to end here.
        Err(AppError::NotSignedIn) => return redirect(routes::SIGNED_OUT, &[cookies::clear(cookies::SESSION)]),
        Err(e) => return Err(e),
    };
    let body = req.text().await?;
    let token =
        form_urlencoded::parse(body.as_bytes()).find(|(name, _)| name == "csrf_token").map(|(_, v)| v.into_owned());
    check_csrf(&req, env, &config, &session, token.as_deref()).await?;
    env.kv(bindings::KV)?.delete(&session_key(&id)).await?;
    D1(env.d1(bindings::DB)?)
        .batch(&[audit::record(Some(session.account_id), AuditEvent::SignedOut, Actor::SignIn, None)])
        .await?;
    let clear = cookies::clear(cookies::SESSION);
    match provider::metadata(env, &config).await {
        Ok(metadata) => redirect(&logout_url(&metadata, &config.login_gov, &random_text()?), &[clear]),
        // Signed out of the registry all the same.
        Err(_) => redirect(routes::SIGNED_OUT, &[clear]),
    }
}
