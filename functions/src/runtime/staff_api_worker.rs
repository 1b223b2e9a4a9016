//! The staff API in a worker of its own (wrangler.staff-api.toml, built with
//! the feature `staff-api-worker`): the help desk's and the program office's
//! work stays out of the worker every examiner's request starts, which is
//! then smaller, so quicker to start (README, *Sizes*).
//!
//! The registry's worker passes every `/api/staff/*` request on (and the dev
//! mailbox's, the other one behind Cloudflare Access) through its
//! service binding (`STAFF_API`), its method, path, headers and body as they
//! came, with two headers of its own: its settings and its build. The staff
//! API's worker has no address of its own (no route, no workers.dev, no
//! preview URLs: `deployment::check_staff_api`), so only that binding reaches
//! it, and a client's own such headers are replaced. It answers as before:
//! the gate (`staff_api::api`), then the route, over the same D1 and KV; a
//! registry's worker of another build is logged, so the two cannot drift apart unseen.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::staff::StaffMember;
use worker::{Env, Request, Response};

use super::config::Config;
use super::context::Context;
use super::entry::Asked;
use super::{sessions, staff_api};
use crate::error::AppError;
use crate::log_line::{log, Level, LogLine};
use crate::route_table::{self, Endpoint, Found};
use crate::settings::Vars;
use crate::store::outbox;
use crate::{bindings, build_commit};

/// The registry's worker's vars, as JSON in base64url (the program office's
/// words may be any text; a header is ASCII).
const SETTINGS_HEADER: &str = "x-registry-settings";
/// The commit the registry's worker was built from.
const BUILD_HEADER: &str = "x-registry-build";

/// The registry's worker: this staff API request, answered by the staff API's worker.
pub async fn pass_on(req: Request, cx: &Context) -> Result<Response, AppError> {
    let vars = serde_json::to_string(&cx.config.vars).map_err(|e| AppError::while_doing("passing the vars on", e))?;
    let mut passed = req.clone_mut()?;
    let headers = passed.headers_mut()?;
    headers.set(SETTINGS_HEADER, &URL_SAFE_NO_PAD.encode(vars))?;
    headers.set(BUILD_HEADER, build_commit())?;
    Ok(cx.env.service(bindings::STAFF_API)?.fetch_request(passed).await?)
}

/// The staff API's worker: a request the registry's worker passed on. Its
/// answer goes back through that worker, which adds the security headers.
#[cfg_attr(feature = "staff-api-worker", worker::event(fetch))]
#[cfg_attr(not(feature = "staff-api-worker"), expect(dead_code))]
async fn fetch(req: Request, env: Env, _ctx: worker::Context) -> worker::Result<Response> {
    let asked = Asked::of(&req)?;
    let answer = match passed_settings(&req).and_then(|config| Context::passed_on(env, config)) {
        Ok(cx) => route(req, &cx, &asked.path).await,
        Err(error) => Err(error),
    };
    asked.answered(answer)
}

/// The registry's worker's configuration, from the headers it set. A
/// registry's worker of another build is logged, not refused: the two are
/// uploaded one after the other, and the previews share one staff API's worker.
fn passed_settings(req: &Request) -> Result<Config, AppError> {
    let header = |name: &str| -> Result<String, AppError> {
        req.headers()
            .get(name)?
            .ok_or_else(|| AppError::internal(format!("no {name} header: not passed on by the registry's worker")))
    };
    let theirs = header(BUILD_HEADER)?;
    if theirs != build_commit() {
        let builds = format!("the staff API's worker is at {}, the registry's at {theirs}", build_commit());
        log(Level::Warn, &LogLine { cause: Some(builds), ..LogLine::event("staff_api_of_another_build") });
    }
    let json = URL_SAFE_NO_PAD
        .decode(header(SETTINGS_HEADER)?)
        .map_err(|e| AppError::while_doing(format!("reading {SETTINGS_HEADER}"), e))?;
    let vars: Vars =
        serde_json::from_slice(&json).map_err(|e| AppError::while_doing(format!("reading {SETTINGS_HEADER}"), e))?;
    Config::from_vars(vars)
}

/// `/api/staff/*`, known or not: the staff's own session, or the route asked
/// (or why there is none), answered only past the gate (`staff_api::api`);
/// and the dev mailbox, the other address behind Cloudflare Access.
async fn route(req: Request, cx: &Context, path: &str) -> Result<Response, AppError> {
    let asked = match route_table::find(req.method().as_ref(), path) {
        Found::Route(route, values) => match route.endpoint {
            // The staff's own session, before the gate would renew it: reading the
            // time left must not extend it, and "Stay signed in" renews it itself.
            Endpoint::StaffSessionTime => {
                staff_api::access_granted(&req, cx).await?;
                return sessions::time::<StaffMember>(&req, cx).await;
            }
            Endpoint::KeepStaffSession => {
                staff_api::access_granted(&req, cx).await?;
                return sessions::keep::<StaffMember>(&req, cx).await;
            }
            // The emails sent in a local run or a preview, newest first (the registry's worker
            // passes it on only there). A preview's hold its sign-in links: Access is in front.
            Endpoint::DevMailbox => {
                staff_api::access_granted(&req, cx).await?;
                return Ok(Response::from_json(&outbox::recently_sent(&cx.db, 50).await?)?);
            }
            Endpoint::Staff(endpoint) => Ok((route.method, route.caller, endpoint, values)),
            _ => Err(AppError::NotFound),
        },
        Found::MethodNotAllowed(allow) => Err(AppError::MethodNotAllowed(allow)),
        Found::NotFound => Err(AppError::NotFound),
    };
    staff_api::api(asked, req, cx).await
}
