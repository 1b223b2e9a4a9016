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
use domain::session::{Examiner, Holder, Person, Session, SessionTime};
use domain::staff::StaffMember;
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Request, Response};

use super::context::Context;
use super::{cookie, csrf, no_store_json, now_seconds, random_text};
use crate::cookies;
use crate::error::AppError;
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
pub async fn start<H: Kept>(req: &Request, cx: &Context, holder: H) -> Result<String, AppError> {
    if let Some(old) = cookie(req, H::COOKIE) {
        end::<H>(cx, &old).await?;
    }
    let now = now_seconds();
    let session = Session::new(holder, random_text()?, now);
    let id = random_text()?;
    store(cx, &id, &session, now).await?;
    Ok(id)
}

/// The session under this id ends.
pub async fn end<H: Kept>(cx: &Context, id: &str) -> Result<(), AppError> {
    Ok(cx.kv()?.delete(&session_key::<H>(id)).await?)
}

async fn store<H: Kept>(cx: &Context, id: &str, session: &Session<H>, now: i64) -> Result<(), AppError> {
    // Kept in KV until it would end unused: every session stored was just used (started or renewed).
    let left = session.time_at(now, cx.config.session_limits::<H>()).ends_in_seconds;
    let ttl = u64::try_from(left).unwrap_or(0).max(KV_MIN_TTL);
    let stored = serde_json::to_string(session)?;
    cx.kv()?.put(&session_key::<H>(id), stored)?.expiration_ttl(ttl).execute().await?;
    Ok(())
}

/// The live session of this request and its id, as stored, not renewed:
/// [`AppError::NotSignedIn`] when there is none (an ended one is deleted).
pub async fn live<H: Kept>(req: &Request, cx: &Context) -> Result<(String, Session<H>), AppError> {
    let now = now_seconds();
    let id = cookie(req, H::COOKIE).ok_or(AppError::NotSignedIn)?;
    let kv = cx.kv()?;
    let session = kv.get(&session_key::<H>(&id)).json::<Session<H>>().await?.ok_or(AppError::NotSignedIn)?;
    if !session.is_live_at(now, cx.config.session_limits::<H>()) {
        kv.delete(&session_key::<H>(&id)).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request and its id, if what it was started for
/// still holds ([`Kept::still_holds`]); [`AppError::NotSignedIn`] when there is none.
async fn holding<H: Kept>(req: &Request, cx: &Context) -> Result<(String, Session<H>), AppError> {
    let (id, session) = live::<H>(req, cx).await?;
    if !session.holder.still_holds(&cx.db).await? {
        end::<H>(cx, &id).await?;
        return Err(AppError::NotSignedIn);
    }
    Ok((id, session))
}

/// The live session of this request, if what it was started for still holds,
/// renewed if its last renewal is more than a few minutes old
/// (`Session::renewed_at`); [`AppError::NotSignedIn`] when there is none.
pub async fn signed_in<H: Kept>(req: &Request, cx: &Context) -> Result<Session<H>, AppError> {
    let now = now_seconds();
    let (id, session) = holding::<H>(req, cx).await?;
    match session.renewed_at(now, cx.config.session_limits::<H>()) {
        Some(renewed) => {
            store(cx, &id, &renewed, now).await?;
            Ok(renewed)
        }
        None => Ok(session),
    }
}

/// When this session ends if it is not used again, as the warning counts it.
pub fn time_of<H: Kept>(cx: &Context, session: &Session<H>) -> SessionTime {
    session.time_at(now_seconds(), cx.config.session_limits::<H>())
}

/// `GET /api/session/time` and `GET /api/staff/session/time`: when the session
/// ends, read without renewing it — asked by the warning when its time is up,
/// so that two open pages asking cannot keep an idle session alive.
pub async fn time<H: Kept>(req: &Request, cx: &Context) -> Result<Response, AppError> {
    let (_, session) = holding::<H>(req, cx).await?;
    no_store_json(&time_of(cx, &session))
}

/// `POST /api/session` and `POST /api/staff/session` (the session's CSRF
/// token, the registry's Origin): "Stay signed in" — the session renewed now,
/// and when it ends.
pub async fn keep<H: Kept>(req: &Request, cx: &Context) -> Result<Response, AppError> {
    let (id, session) = holding::<H>(req, cx).await?;
    let (account_id, actor) = session.holder.audited_as();
    csrf::check(req, cx, (session.csrf_token.as_str(), account_id, actor)).await?;
    let now = now_seconds();
    let renewed = session.renewed_now(now);
    store(cx, &id, &renewed, now).await?;
    no_store_json(&renewed.time_at(now, cx.config.session_limits::<H>()))
}

/// `GET /api/session`.
pub async fn current(req: Request, cx: &Context) -> Result<Response, AppError> {
    let session = signed_in::<Examiner>(&req, cx).await?;
    let examiner = &session.holder;
    let today = us_today(now_seconds());
    let account = accounts::my_account(&cx.db, examiner.account_id, &today, &examiner.login_gov_email)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    let time = time_of(cx, &session);
    no_store_json(&SignedIn { account, csrf_token: session.csrf_token, session: time })
}
