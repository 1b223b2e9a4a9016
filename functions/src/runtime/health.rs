//! `GET /api/health`: the build, whether D1, KV and the staff API's worker
//! answer (examiners work without the last: it alone does not make a 503), and the outbox's
//! trouble — emails given up on (dead letters) and emails overdue — so that
//! monitoring sees mail that does not leave. The counts are one query, which
//! is also D1's answer.

use domain::api::{Check, Health};
use domain::routes;
use worker::{Method, Request, Response};

use super::context::Context;
use super::staff_api_worker;
use crate::log_line::{log, Level, LogLine};
use crate::store::outbox::{self, Trouble};
use crate::{build_commit, build_version, error::AppError};

pub async fn check(cx: &Context) -> Result<Response, AppError> {
    let (trouble, kv, staff_api) = (outbox_trouble(cx).await, kv_answers(cx).await, staff_api_answers(cx).await);
    let check = |up: bool| if up { Check::Ok } else { Check::Failing };
    let d1 = trouble.is_some();
    let health = Health {
        version: build_version(),
        environment: cx.config.environment.clone(),
        commit: build_commit().to_owned(),
        d1: check(d1),
        kv: check(kv),
        staff_api: check(staff_api),
        emails_failed: trouble.map(|t| t.failed),
        emails_overdue: trouble.map(|t| t.overdue),
    };
    Ok(Response::from_json(&health)?.with_status(if d1 && kv { 200 } else { 503 }))
}

async fn outbox_trouble(cx: &Context) -> Option<Trouble> {
    outbox::trouble(&cx.db).await.ok()
}

async fn kv_answers(cx: &Context) -> bool {
    let Ok(kv) = cx.kv() else { return false };
    kv.get("health").text().await.is_ok()
}

/// Asked without a session, the staff API's gate answers 401: its worker is
/// bound, of this build, and read the settings passed on to it. Why not, logged.
async fn staff_api_answers(cx: &Context) -> bool {
    let asked = Request::new(&format!("{}{}", cx.config.public_origin, routes::API_STAFF), Method::Get);
    let answer = match asked {
        Ok(asked) => staff_api_worker::pass_on(asked, cx).await,
        Err(e) => Err(e.into()),
    };
    let problem = match answer {
        Ok(response) if response.status_code() == 401 => return true,
        Ok(response) => format!("the staff API's worker answered {}", response.status_code()),
        Err(e) => e.for_the_log(),
    };
    log(Level::Error, &LogLine { cause: Some(problem), ..LogLine::event("staff_api_failing") });
    false
}
