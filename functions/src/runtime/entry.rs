//! The worker's fetch event: route, answer, add the security headers.

use domain::link::LinkPurpose;
use domain::routes;
use domain::session::{Examiner, Person};
use domain::staff::StaffMember;
use worker::{event, Context, Env, Method, Request, Response};

use super::config::Config;
use super::{
    account, assets, campaigns, csrf, email_fix, email_providers, grants, health, link_confirmation, log,
    no_store_json, sessions, sign_in, staff, transfer, with_headers,
};
use crate::error::AppError;
use crate::log_line::{Level, LogLine};
use crate::security_headers::{self, OtherSites};
use crate::store::d1::D1;
use crate::store::outbox;
use crate::{bindings, cookies};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let started = worker::Date::now().as_millis();
    let path = req.path();
    let method = req.method().to_string();
    // Cloudflare's id of the request, which its own logs and the person's error page share.
    let request_id = req.headers().get("cf-ray")?.unwrap_or_default();
    // The configuration is read once a request; a deployment without a setting answers nothing but 500.
    let (answer, other_sites) = match Config::from_env(&env) {
        Ok(config) => {
            // Pages may post forms on to login.gov (signing out) and draw the check: the policy names both.
            let other_sites = OtherSites {
                login_gov: security_headers::origin_of(&config.login_gov.issuer).to_owned(),
                challenge: security_headers::origin_of(&config.turnstile.challenge.script).to_owned(),
            };
            (route(req, env, &path, &config).await, other_sites)
        }
        Err(error) => (Err(error), OtherSites::default()),
    };
    let (response, problem) = match answer {
        Ok(response) => (response, None),
        // A failure of ours while signing in is a page that says to try again, not JSON.
        Err(error) if error.is_failure() && routes::is_under(&path, "/auth") => {
            (sign_in::unavailable_page().or_else(|e| json_error(&e))?, Some(error))
        }
        Err(error) => (json_error(&error)?, Some(error)),
    };
    let duration_ms = worker::Date::now().as_millis().saturating_sub(started);
    let line = LogLine {
        problem: problem.as_ref().map(|e| e.body().error),
        cause: problem.as_ref().and_then(AppError::cause_for_the_log),
        ..LogLine::request(&request_id, &path, &method, response.status_code(), duration_ms)
    };
    log(if problem.as_ref().is_some_and(AppError::is_failure) { Level::Error } else { Level::Info }, &line);
    with_security_headers(response, &other_sites, &path)
}

async fn route(req: Request, env: Env, path: &str, config: &Config) -> Result<Response, AppError> {
    if csrf::from_another_site(&req, config) {
        Err(AppError::Forbidden("a state-changing request from another site"))
    } else if staff::is_staff_api(path) {
        staff::api(req, &env, path, config).await
    } else if routes::is_under(path, "/api") {
        api(req, env, path, config).await
    } else if routes::is_under(path, "/auth") {
        sign_in(req, &env, path, config).await
    } else if let Some(campaign) = routes::REMINDER.value_in(path) {
        match req.method() {
            Method::Get => campaigns::arrival(&D1(env.d1(bindings::DB)?), campaign).await,
            _ => Err(AppError::MethodNotAllowed),
        }
    } else if routes::is_under(path, "/dev") && !email_providers::has_dev_mailbox(&env) {
        // The dev mailbox exists in local runs and previews only.
        Err(AppError::NotFound)
    } else {
        assets::app(req, &env).await
    }
}

/// The routes login.gov knows (registered with it, so fixed).
async fn sign_in(req: Request, env: &Env, path: &str, config: &Config) -> Result<Response, AppError> {
    match (path, req.method()) {
        (routes::LOGIN_GOV, Method::Get) => sign_in::login(req, env, config).await,
        (routes::CALLBACK, Method::Get) => sign_in::callback(req, env, config).await,
        (routes::LOGOUT, Method::Post) => sign_in::logout::<Examiner>(req, env, config).await,
        (routes::STAFF_LOGIN, Method::Get) => sign_in::staff_login(req, env, config).await,
        (routes::STAFF_LOGOUT, Method::Post) => sign_in::logout::<StaffMember>(req, env, config).await,
        (routes::WORK_FOR_LOGIN, Method::Get) => sign_in::work_for_login(req, env, config).await,
        (routes::WORK_FOR_LOGOUT, Method::Post) => sign_in::logout::<Person>(req, env, config).await,
        (routes::PREVIEW_CALLBACK, Method::Get) if config.preview_origins.relays_any() => {
            sign_in::relay(req, env, config).await
        }
        (
            routes::LOGIN_GOV
            | routes::CALLBACK
            | routes::LOGOUT
            | routes::STAFF_LOGIN
            | routes::STAFF_LOGOUT
            | routes::WORK_FOR_LOGIN
            | routes::WORK_FOR_LOGOUT,
            _,
        ) => Err(AppError::MethodNotAllowed),
        _ => Err(AppError::NotFound),
    }
}

async fn api(req: Request, env: Env, path: &str, config: &Config) -> Result<Response, AppError> {
    if let Some(token) = routes::TRANSFER_FIX.api.value_in(path) {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::DuplicateEmailFix).await,
            Method::Post => email_fix::request_new_email(req, &env, config, token).await,
            Method::Delete => email_fix::decline_fix_link(&env, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    if let Some(token) = routes::TRANSFER_CONFIRM.api.value_in(path) {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::ConfirmNewEmail).await,
            Method::Post => email_fix::confirm_new_email(&env, config, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    if let Some(token) = routes::EMAIL_CHANGE_CONFIRM.api.value_in(path) {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::ConfirmEmailChange).await,
            Method::Post => account::confirm_change(&env, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    if let Some(rest) = routes::API_ACCOUNT_PERSON.value_in(path) {
        return match req.method() {
            Method::Post => grants::answer(req, &env, config, rest).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    match (path, req.method()) {
        (routes::API_WORK_FOR, Method::Get) => grants::mine(&req, &env).await,
        (routes::API_WORK_FOR, Method::Post) => grants::ask(req, &env, config).await,
        (routes::API_WORK_FOR_SESSION, Method::Post) => sessions::keep::<Person>(&req, &env, config).await,
        (routes::API_WORK_FOR_SESSION_TIME, Method::Get) => sessions::time::<Person>(&req, &env).await,
        (routes::API_ACCOUNT_PEOPLE, Method::Get) => grants::of_my_account(&req, &env).await,
        (path, Method::Get) if routes::API_WORK_FOR_EXAMINER.value_in(path).is_some() => {
            let grant = routes::API_WORK_FOR_EXAMINER.value_in(path).unwrap_or_default();
            grants::examiner_record(&req, &env, grant).await
        }
        (routes::API_HEALTH, Method::Get | Method::Head) => health::check(&env, config).await,
        (routes::API_DEADLINE, Method::Get) => no_store_json(&config.deadline_notice()),
        (routes::API_SESSION, Method::Get) => forget_the_hint_when_signed_out(sessions::current(req, &env).await),
        (routes::API_SESSION, Method::Post) => sessions::keep::<Examiner>(&req, &env, config).await,
        (routes::API_SESSION_TIME, Method::Get) => {
            forget_the_hint_when_signed_out(sessions::time::<Examiner>(&req, &env).await)
        }
        (routes::API_SIGN_IN_LINK, Method::Get) => link_confirmation::show(req, &env).await,
        (routes::API_SIGN_IN_LINK, Method::Post) => link_confirmation::answer(req, &env, config).await,
        (routes::API_ACCOUNT_EMAIL, Method::Post) => account::request_change(req, &env, config).await,
        (routes::API_TRANSFER, Method::Post) => transfer::submit(req, &env, config).await,
        (routes::API_DEV_MAILBOX, Method::Get) if email_providers::has_dev_mailbox(&env) => {
            // A preview's mailbox holds its sign-in links: Cloudflare Access is in front of it (deployment.rs).
            staff::access_granted(&req, &env, config).await?;
            dev_mailbox(&env).await
        }
        (
            routes::API_HEALTH
            | routes::API_DEADLINE
            | routes::API_TRANSFER
            | routes::API_SESSION
            | routes::API_SESSION_TIME
            | routes::API_SIGN_IN_LINK
            | routes::API_ACCOUNT_EMAIL
            | routes::API_ACCOUNT_PEOPLE
            | routes::API_WORK_FOR
            | routes::API_WORK_FOR_SESSION
            | routes::API_WORK_FOR_SESSION_TIME,
            _,
        ) => Err(AppError::MethodNotAllowed),
        _ => Err(AppError::NotFound),
    }
}

/// The emails sent in a local run or a preview, newest first; no such path elsewhere.
async fn dev_mailbox(env: &Env) -> Result<Response, AppError> {
    let db = D1(env.d1(bindings::DB)?);
    Ok(Response::from_json(&outbox::recently_sent(&db, 50).await?)?)
}

fn json_error(error: &AppError) -> worker::Result<Response> {
    Ok(Response::from_json(&error.body())?.with_status(error.status()))
}

/// "Not signed in" to the header's question, or to the warning's last look at
/// the time, also clears the cookie that makes the header ask (a session that
/// idled out, or was ended by staff), so that it asks no more.
fn forget_the_hint_when_signed_out(answer: Result<Response, AppError>) -> Result<Response, AppError> {
    match answer {
        Err(AppError::NotSignedIn) => {
            let mut response = json_error(&AppError::NotSignedIn)?;
            response.headers_mut().append("set-cookie", &cookies::clear(cookies::SIGNED_IN))?;
            Ok(response)
        }
        answer => answer,
    }
}

fn with_security_headers(response: Response, sites: &OtherSites, path: &str) -> worker::Result<Response> {
    let content_type = response.headers().get("content-type")?;
    let for_token = security_headers::FOR_TOKEN_ADDRESSES.map(|(name, value)| (name, value.to_owned()));
    let for_token = if routes::holds_a_token(path) { &for_token[..] } else { &[] };
    let headers = security_headers::for_content_type(content_type.as_deref(), sites);
    // Set in order: the token addresses' values replace the general ones.
    with_headers(response, headers.into_iter().chain(for_token.iter().cloned()))
}
