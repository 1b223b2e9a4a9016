//! The worker's fetch event: route, answer, add the security headers.

use domain::audit::Actor;
use domain::link::LinkPurpose;
use domain::routes;
use domain::session::{Examiner, Person, Session};
use domain::staff::StaffMember;
use worker::{Env, Request, Response};

use super::context::Context;
use super::sessions::Kept;
use super::{
    account, assets, campaigns, csrf, email_fix, grants, health, link_confirmation, no_store_json, sessions, sign_in,
    staff_api, staff_api_worker, transfer, with_headers,
};
use crate::cookies;
use crate::error::AppError;
use crate::log_line::{log, Level, LogLine};
use crate::outbox::providers;
use crate::route_table::{self, Endpoint, ExaminerEndpoint, Found, Method, PersonEndpoint};
use crate::security_headers::{self, OtherSites};

// The registry's worker; the staff API's own build (feature `staff-api-worker`)
// answers through `staff_api_worker` instead. That build keeps this one compiled
// and linted (`expect`, not `cfg`, which would leave what it reaches unused).
#[cfg_attr(not(feature = "staff-api-worker"), worker::event(fetch))]
#[cfg_attr(feature = "staff-api-worker", expect(dead_code))]
async fn fetch(req: Request, env: Env, _ctx: worker::Context) -> worker::Result<Response> {
    let asked = Asked::of(&req)?;
    // The context is made once a request; a deployment without a setting answers nothing but 500.
    let (answer, other_sites) = match Context::of(env) {
        Ok(cx) => {
            // Pages may post forms on to login.gov (signing out) and draw the check: the policy names both.
            let other_sites = OtherSites {
                login_gov: security_headers::origin_of(&cx.config.login_gov.issuer).to_owned(),
                challenge: security_headers::origin_of(&cx.config.turnstile.challenge.script).to_owned(),
            };
            (route(req, &cx, &asked.path).await, other_sites)
        }
        Err(error) => (Err(error), OtherSites::default()),
    };
    with_security_headers(asked.answered(answer)?, &other_sites, &asked.path)
}

/// What a request asked, for its answer and its log line.
pub(super) struct Asked {
    started: u64,
    pub path: String,
    method: String,
    /// Cloudflare's id of the request, which its own logs and the person's error page share.
    request_id: String,
}

impl Asked {
    pub fn of(req: &Request) -> worker::Result<Self> {
        Ok(Self {
            started: worker::Date::now().as_millis(),
            path: req.path(),
            method: req.method().to_string(),
            request_id: req.headers().get("cf-ray")?.unwrap_or_default(),
        })
    }

    /// The answer as a response (an error in its words and status), logged with its cause.
    pub fn answered(&self, answer: Result<Response, AppError>) -> worker::Result<Response> {
        let (response, problem) = match answer {
            Ok(response) => (response, None),
            // A failure of ours while signing in is a page that says to try again, not JSON.
            Err(error) if error.is_failure() && routes::is_under(&self.path, "/auth") => {
                (sign_in::unavailable_page().or_else(|e| json_error(&e))?, Some(error))
            }
            Err(error) => (json_error(&error)?, Some(error)),
        };
        let duration_ms = worker::Date::now().as_millis().saturating_sub(self.started);
        let line = LogLine {
            problem: problem.as_ref().map(|e| e.body().error),
            cause: problem.as_ref().and_then(AppError::cause_for_the_log),
            ..LogLine::request(&self.request_id, &self.path, &self.method, response.status_code(), duration_ms)
        };
        // A 5xx without a problem of ours is the staff API's worker's (whose own line has the
        // cause) or health's 503.
        let failed = problem.as_ref().is_some_and(AppError::is_failure) || response.status_code() >= 500;
        log(if failed { Level::Error } else { Level::Info }, &line);
        Ok(response)
    }
}

/// The request's route (`route_table`), answered by its handler; a path that
/// is no route's is the built app's.
async fn route(req: Request, cx: &Context, path: &str) -> Result<Response, AppError> {
    if csrf::from_another_site(&req, &cx.config) {
        return Err(AppError::Forbidden("a state-changing request from another site"));
    }
    // The dev mailbox exists in local runs and previews only: elsewhere its addresses are nobody's.
    let local_only = routes::is_under(path, "/dev") || routes::is_under(path, "/api/dev");
    if local_only && !providers::has_dev_mailbox(&cx.env) {
        return Err(AppError::NotFound);
    }
    let (route, values) = match route_table::find(req.method().as_ref(), path) {
        Found::Route(route, values) => (route, values),
        // The staff API answers nobody else, whatever the path: its gate comes before a 404 or a 405.
        Found::MethodNotAllowed(_) | Found::NotFound if staff_api::is_staff_api(path) => {
            return staff_api_worker::pass_on(req, cx).await
        }
        Found::MethodNotAllowed(allow) => return Err(AppError::MethodNotAllowed(allow)),
        Found::NotFound if routes::is_under(path, "/api") || routes::is_under(path, "/auth") => {
            return Err(AppError::NotFound)
        }
        Found::NotFound => return assets::app(req, cx).await,
    };
    let token = values.value;
    match route.endpoint {
        Endpoint::SignIn => sign_in::login(req, cx).await,
        Endpoint::Callback => sign_in::callback(req, cx).await,
        Endpoint::SignOut => sign_in::logout::<Examiner>(req, cx).await,
        Endpoint::StaffSignIn => sign_in::staff_login(req, cx).await,
        Endpoint::StaffSignOut => sign_in::logout::<StaffMember>(req, cx).await,
        Endpoint::WorkForSignIn => sign_in::work_for_login(req, cx).await,
        Endpoint::WorkForSignOut => sign_in::logout::<Person>(req, cx).await,
        Endpoint::PreviewCallback if cx.config.preview_origins.relays_any() => sign_in::relay(req, cx).await,
        Endpoint::PreviewCallback => Err(AppError::NotFound),
        Endpoint::Health => health::check(cx).await,
        Endpoint::Deadline => no_store_json(&cx.config.deadline_notice()),
        Endpoint::Transfer => transfer::submit(req, cx).await,
        Endpoint::FixLink => email_fix::check_link(cx, token, LinkPurpose::DuplicateEmailFix).await,
        Endpoint::FixLinkNewEmail => email_fix::request_new_email(req, cx, token).await,
        Endpoint::FixLinkDeclined => email_fix::decline_fix_link(cx, token).await,
        Endpoint::NewEmailLink => email_fix::check_link(cx, token, LinkPurpose::ConfirmNewEmail).await,
        Endpoint::NewEmailConfirmed => email_fix::confirm_new_email(cx, token).await,
        Endpoint::EmailChangeLink => email_fix::check_link(cx, token, LinkPurpose::ConfirmEmailChange).await,
        Endpoint::EmailChangeConfirmed => account::confirm_change(cx, token).await,
        Endpoint::Reminder => campaigns::arrival(&req, &cx.db, values.value).await,
        // Behind Cloudflare Access: the staff API's worker's, as the staff API.
        Endpoint::DevMailbox => staff_api_worker::pass_on(req, cx).await,
        Endpoint::Session => forget_the_hint_when_signed_out(sessions::current(req, cx).await),
        Endpoint::KeepSession => sessions::keep::<Examiner>(&req, cx).await,
        Endpoint::SessionTime => forget_the_hint_when_signed_out(sessions::time::<Examiner>(&req, cx).await),
        Endpoint::Examiner(endpoint) => {
            let on_my_account = |examiner: &Examiner| (Some(examiner.account_id), Actor::Account);
            let session = caller_session(&req, cx, route.method, on_my_account).await?;
            match endpoint {
                ExaminerEndpoint::AccountEmailChange => account::request_change(req, cx, session).await,
                ExaminerEndpoint::PeopleWorkingForMe => grants::of_my_account(cx, session).await,
                ExaminerEndpoint::AnswerPerson => grants::answer(req, cx, session, values).await,
            }
        }
        Endpoint::LinkQuestion => link_confirmation::show(req, cx).await,
        Endpoint::LinkAnswer => link_confirmation::answer(req, cx).await,
        Endpoint::KeepPersonSession => sessions::keep::<Person>(&req, cx).await,
        Endpoint::PersonSessionTime => sessions::time::<Person>(&req, cx).await,
        Endpoint::Person(endpoint) => {
            let for_the_examiner = |person: &Person| (None, Actor::Person(person.person_id));
            let session = caller_session(&req, cx, route.method, for_the_examiner).await?;
            match endpoint {
                PersonEndpoint::WorkingFor => grants::mine(cx, session).await,
                PersonEndpoint::AskForAccess => grants::ask(req, cx, session).await,
                PersonEndpoint::ExaminerRecord => grants::examiner_record(cx, session, values).await,
            }
        }
        Endpoint::StaffSessionTime | Endpoint::KeepStaffSession | Endpoint::Staff(_) => {
            staff_api_worker::pass_on(req, cx).await
        }
    }
}

/// The session an examiner's or a person's route needs, read and renewed
/// before its handler; a change (not GET or HEAD) must also carry the
/// session's CSRF token, its refusal audited as `acting` says.
async fn caller_session<H: Kept>(
    req: &Request,
    cx: &Context,
    method: Method,
    acting: impl Fn(&H) -> (Option<i64>, Actor),
) -> Result<Session<H>, AppError> {
    let session = sessions::signed_in::<H>(req, cx).await?;
    if method.changes() {
        let (account_id, actor) = acting(&session.holder);
        csrf::check(req, cx, (session.csrf_token.as_str(), account_id, actor)).await?;
    }
    Ok(session)
}

fn json_error(error: &AppError) -> worker::Result<Response> {
    let mut response = Response::from_json(&error.body())?.with_status(error.status());
    if let AppError::MethodNotAllowed(allow) = error {
        response.headers_mut().set("allow", allow)?;
    }
    Ok(response)
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
