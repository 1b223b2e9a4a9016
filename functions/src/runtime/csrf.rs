//! Which requests may change something. Every request that is not a GET or
//! HEAD and whose browser names another site is refused before it is read
//! (`from_another_site`); a signed-in person's must also name the registry's
//! origin and carry the session's CSRF token (`check`).

use domain::audit::{Actor, AuditEvent};
use domain::session::{same_secret, CSRF_HEADER};
use worker::{Method, Request};

use super::config::Config;
use super::context::Context;
use crate::error::AppError;
use crate::store::{audit, Database};

/// A state-changing request must come from the registry's own pages (`Origin`)
/// and carry the CSRF token it was given (`expected`: a session's, or a first
/// sign-in's question's) in its header. A refusal is an audit event, of the
/// account if there is one.
pub async fn check(req: &Request, cx: &Context, expected: Expected<'_>) -> Result<(), AppError> {
    let token = req.headers().get(CSRF_HEADER)?;
    check_token(req, cx, expected, token.as_deref()).await
}

/// The token a request must carry, and whom its refusal is audited as: the
/// account, if there is one, and the actor.
pub type Expected<'a> = (&'a str, Option<i64>, Actor);

/// [`check`], for a form that carries the token in its body (signing out).
pub async fn check_token(
    req: &Request,
    cx: &Context,
    (expected, account_id, actor): Expected<'_>,
    token: Option<&str>,
) -> Result<(), AppError> {
    let origin = req.headers().get("origin")?.unwrap_or_default();
    let refusal = if origin != cx.config.public_origin {
        "the request's Origin is not the registry's"
    } else if !token.is_some_and(|token| same_secret(token, expected)) {
        "no CSRF token, or not the session's"
    } else {
        return Ok(());
    };
    cx.db.batch(&[audit::record(account_id, AuditEvent::RequestRefused, actor, Some("csrf"))]).await?;
    Err(AppError::Forbidden(refusal))
}

/// A request that may change something (not GET or HEAD) whose browser says
/// it comes from a page of another origin. Requests of a signed-in person must
/// also name the registry's origin and carry the session's CSRF token
/// ([`check`]); a client that is no browser sends no `Origin`.
pub fn from_another_site(req: &Request, config: &Config) -> bool {
    if matches!(req.method(), Method::Get | Method::Head) {
        return false;
    }
    let origin = req.headers().get("origin").ok().flatten();
    origin.is_some_and(|origin| origin != config.public_origin)
}
