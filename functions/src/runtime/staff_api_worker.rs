//! The staff API in a worker of its own (wrangler.staff-api.toml, built with
//! the feature `staff-api-worker`): the help desk's and the program office's
//! work stays out of the worker every examiner's request starts, which is
//! then smaller, so quicker to start (README, *Sizes*).
//!
//! The registry's worker passes every `/api/staff/*` request on, untouched,
//! through its service binding (`STAFF_API`), with its own configuration in
//! [`SETTINGS_HEADER`]; the staff API's worker has no address of its own
//! (no route, no workers.dev, no preview URLs: `deployment::check_staff_api`),
//! so nothing else can reach it or set that header. It answers as before:
//! the gate (`staff_api::api`), then the route, over the same D1 and KV.

use worker::{Env, Request, Response};

use super::config::Config;
use super::context::Context;
use super::entry::Asked;
use super::staff_api;
use crate::bindings;
use crate::error::AppError;
use crate::route_table::{self, Endpoint, Found};
use crate::settings;

/// The registry's worker's vars, as JSON, on each request it passes on.
const SETTINGS_HEADER: &str = "x-registry-settings";

/// The registry's worker: this staff API request, answered by the staff API's worker.
pub async fn pass_on(req: Request, cx: &Context) -> Result<Response, AppError> {
    let vars: serde_json::Map<String, serde_json::Value> = settings::VARS
        .iter()
        .chain(&settings::OPTIONAL_VARS)
        .filter_map(|name| Some((name.to_string(), cx.env.var(name).ok()?.to_string().into())))
        .collect();
    let mut passed = req.clone_mut()?;
    passed.headers_mut()?.set(SETTINGS_HEADER, &serde_json::Value::Object(vars).to_string())?;
    Ok(cx.env.service(bindings::STAFF_API)?.fetch_request(passed).await?)
}

/// The staff API's worker: a request the registry's worker passed on. Its
/// answer goes back through that worker, which adds the security headers.
#[cfg_attr(feature = "staff-api-worker", worker::event(fetch))]
#[cfg_attr(not(feature = "staff-api-worker"), allow(dead_code))]
async fn fetch(req: Request, env: Env, _ctx: worker::Context) -> worker::Result<Response> {
    let asked = Asked::of(&req)?;
    let answer = match passed_settings(&req).and_then(|config| Context::passed_on(env, config)) {
        Ok(cx) => route(req, &cx, &asked.path).await,
        Err(error) => Err(error),
    };
    asked.answered(answer)
}

/// The registry's worker's configuration, from the header it passed on.
fn passed_settings(req: &Request) -> Result<Config, AppError> {
    let header = req.headers().get(SETTINGS_HEADER)?.unwrap_or_default();
    let vars: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&header)
        .map_err(|e| AppError::while_doing("reading the settings the registry's worker passed on", e))?;
    Config::from_vars(|name| vars.get(name).and_then(serde_json::Value::as_str).map(str::to_owned))
}

/// `/api/staff/*`, known or not: the route asked (or why there is none),
/// answered only past the gate (`staff_api::api`).
async fn route(req: Request, cx: &Context, path: &str) -> Result<Response, AppError> {
    let asked = match route_table::find(req.method().as_ref(), path) {
        Found::Route(route, values) => match route.endpoint {
            Endpoint::Staff(endpoint) => Ok((route.method, route.caller, endpoint, values)),
            _ => Err(AppError::NotFound),
        },
        Found::MethodNotAllowed(allow) => Err(AppError::MethodNotAllowed(allow)),
        Found::NotFound => Err(AppError::NotFound),
    };
    staff_api::api(asked, req, cx).await
}
