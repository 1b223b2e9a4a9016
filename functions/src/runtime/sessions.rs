//! Sessions: an opaque id in a `__Host-` cookie, the session in KV under the
//! id's hash, ended by its holder's timeouts (`domain::session::Holder`): an
//! examiner's (30 minutes idle, 12 hours in all) and a staff member's (15
//! minutes, 8 hours), each with a cookie and keys of its own.
//! - `GET /api/session`: the signed-in person, their CSRF token and when the
//!   session ends, or 401; `POST /api/session`: "Stay signed in";
//!   `GET /api/session/time`: when it ends, not renewed.

use domain::account::{us_today, SignedIn};
use domain::audit::{Actor, AuditEvent};
use domain::hex::sha256_hex;
use domain::session::{Examiner, Holder, Limits, Person, Session, SessionTime};
use domain::staff::StaffMember;
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Env, Request, Response};

use super::config::Config;
use super::{cookie, csrf, no_store_json, now_seconds, random_text};
use crate::bindings;
use crate::cookies;
use crate::error::AppError;
use crate::settings;
use crate::store::d1::D1;
use crate::store::{accounts, grants, staff_side};

/// KV refuses a TTL shorter than a minute.
const KV_MIN_TTL: u64 = 60;

/// Where a holder's sessions are kept (its cookie, its KV keys), and how its
/// session's events are audited.
pub trait Kept: Holder + Clone + Serialize + DeserializeOwned {
    const COOKIE: &'static str;
    /// The cookie that tells the pages someone is signed in, if this side has one.
    const HINT: Option<&'static str>;
    const KEY_PREFIX: &'static str;
    const SIGNED_OUT: AuditEvent;
    /// The account and the actor its session's audit events name.
    fn audited_as(&self) -> (Option<i64>, Actor);
    /// Whether what the session was started for still holds in D1: a person
    /// unlinked, or whose sessions the help desk ended, or a staff member
    /// removed or given another role since (their session generation moved
    /// on), is signed out at their next request, for good, whatever KV keeps.
    async fn still_holds(&self, db: &D1) -> Result<bool, AppError>;
}

impl Kept for Examiner {
    const COOKIE: &'static str = cookies::SESSION;
    const HINT: Option<&'static str> = Some(cookies::SIGNED_IN);
    const KEY_PREFIX: &'static str = "session";
    const SIGNED_OUT: AuditEvent = AuditEvent::SignedOut;
    fn audited_as(&self) -> (Option<i64>, Actor) {
        (Some(self.account_id), Actor::SignIn)
    }
    async fn still_holds(&self, db: &D1) -> Result<bool, AppError> {
        Ok(accounts::session_holds(db, self).await?)
    }
}

impl Kept for Person {
    const COOKIE: &'static str = cookies::PERSON_SESSION;
    const HINT: Option<&'static str> = None;
    const KEY_PREFIX: &'static str = "person-session";
    const SIGNED_OUT: AuditEvent = AuditEvent::SignedOut;
    fn audited_as(&self) -> (Option<i64>, Actor) {
        (None, Actor::Person(self.person_id))
    }
    async fn still_holds(&self, db: &D1) -> Result<bool, AppError> {
        Ok(grants::session_holds(db, self).await?)
    }
}

impl Kept for StaffMember {
    const COOKIE: &'static str = cookies::STAFF_SESSION;
    const HINT: Option<&'static str> = None;
    const KEY_PREFIX: &'static str = "staff-session";
    const SIGNED_OUT: AuditEvent = AuditEvent::StaffSignedOut;
    fn audited_as(&self) -> (Option<i64>, Actor) {
        (None, Actor::Staff(self.staff_id))
    }
    async fn still_holds(&self, db: &D1) -> Result<bool, AppError> {
        Ok(staff_side::still_member(db, self).await?)
    }
}

fn session_key<H: Kept>(id: &str) -> String {
    format!("{}:{}", H::KEY_PREFIX, sha256_hex(id))
}

/// A new session for `holder`, under a new id (the cookie's value); a
/// session of the same kind this browser had before ends.
pub async fn start<H: Kept>(req: &Request, env: &Env, holder: H) -> Result<String, AppError> {
    if let Some(old) = cookie(req, H::COOKIE) {
        end::<H>(env, &old).await?;
    }
    let now = now_seconds();
    let session = Session::new(holder, random_text()?, now);
    let id = random_text()?;
    store(env, &id, &session, now).await?;
    Ok(id)
}

/// The session under this id ends.
pub async fn end<H: Kept>(env: &Env, id: &str) -> Result<(), AppError> {
    Ok(env.kv(bindings::KV)?.delete(&session_key::<H>(id)).await?)
}

async fn store<H: Kept>(env: &Env, id: &str, session: &Session<H>, now: i64) -> Result<(), AppError> {
    let ttl = u64::try_from(session.seconds_left_at(now, limits::<H>(env))).unwrap_or(0).max(KV_MIN_TTL);
    let stored = serde_json::to_string(session)?;
    env.kv(bindings::KV)?.put(&session_key::<H>(id), stored)?.expiration_ttl(ttl).execute().await?;
    Ok(())
}

/// This holder's session limits here: its own, or a shorter idle limit where
/// the `SESSION_IDLE_SECONDS` var sets one (the tests of the warning before a sign-out).
pub fn limits<H: Holder>(env: &Env) -> Limits {
    Limits::of::<H>(env.var(settings::SESSION_IDLE_SECONDS).ok().and_then(|v| v.to_string().parse().ok()))
}

/// The live session of this request and its id, as stored, not renewed:
/// [`AppError::NotSignedIn`] when there is none (an ended one is deleted).
pub async fn live<H: Kept>(req: &Request, env: &Env) -> Result<(String, Session<H>), AppError> {
    let now = now_seconds();
    let id = cookie(req, H::COOKIE).ok_or(AppError::NotSignedIn)?;
    let kv = env.kv(bindings::KV)?;
    let session = kv.get(&session_key::<H>(&id)).json::<Session<H>>().await?.ok_or(AppError::NotSignedIn)?;
    if !session.is_live_at(now, limits::<H>(env)) {
        kv.delete(&session_key::<H>(&id)).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request and its id, if what it was started for
/// still holds ([`Kept::still_holds`]); [`AppError::NotSignedIn`] when there is none.
async fn holding<H: Kept>(req: &Request, env: &Env) -> Result<(String, Session<H>), AppError> {
    let (id, session) = live::<H>(req, env).await?;
    if !session.holder.still_holds(&D1(env.d1(bindings::DB)?)).await? {
        end::<H>(env, &id).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request, if what it was started for still holds,
/// renewed if its last renewal is more than a few minutes old
/// (`Session::renewed_at`); [`AppError::NotSignedIn`] when there is none.
pub async fn signed_in<H: Kept>(req: &Request, env: &Env) -> Result<Session<H>, AppError> {
    let now = now_seconds();
    let (id, session) = holding::<H>(req, env).await?;
    match session.renewed_at(now, limits::<H>(env)) {
        Some(renewed) => {
            store(env, &id, &renewed, now).await?;
            Ok(renewed)
        }
        None => Ok(session),
    }
}

/// When this session ends if it is not used again, as the warning counts it.
pub fn time_of<H: Kept>(env: &Env, session: &Session<H>) -> SessionTime {
    session.time_at(now_seconds(), limits::<H>(env))
}

/// `GET /api/session/time` and `GET /api/staff/session/time`: when the session
/// ends, read without renewing it — asked by the warning when its time is up,
/// so that two open pages asking cannot keep an idle session alive.
pub async fn time<H: Kept>(req: &Request, env: &Env) -> Result<Response, AppError> {
    let (_, session) = holding::<H>(req, env).await?;
    no_store_json(&time_of(env, &session))
}

/// `POST /api/session` and `POST /api/staff/session` (the session's CSRF
/// token, the registry's Origin): "Stay signed in" — the session renewed now,
/// and when it ends.
pub async fn keep<H: Kept>(req: &Request, env: &Env, config: &Config) -> Result<Response, AppError> {
    let (id, session) = holding::<H>(req, env).await?;
    let (account_id, actor) = session.holder.audited_as();
    csrf::check(req, env, config, (session.csrf_token.as_str(), account_id, actor)).await?;
    let now = now_seconds();
    let renewed = session.renewed_now(now);
    store(env, &id, &renewed, now).await?;
    no_store_json(&renewed.time_at(now, limits::<H>(env)))
}

/// `GET /api/session`.
pub async fn current(req: Request, env: &Env) -> Result<Response, AppError> {
    let session = signed_in::<Examiner>(&req, env).await?;
    let examiner = &session.holder;
    let db = D1(env.d1(bindings::DB)?);
    let today = us_today(now_seconds());
    let account = accounts::my_account(&db, examiner.account_id, &today, &examiner.login_gov_email)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    let time = time_of(env, &session);
    no_store_json(&SignedIn { account, csrf_token: session.csrf_token, session: time })
}
