//! The worker's entry: route, answer, add the security headers.

use domain::email_fix::LinkPurpose;
use worker::{
    console_error, event, Context, Env, Headers, MessageBatch, MessageExt, Method, QueueRetryOptionsBuilder, Request,
    Response, ScheduleContext, ScheduledEvent,
};

use crate::delivery::{self, Delivery, OutboxMessage};
use crate::error::AppError;
use crate::store::d1::D1;
use crate::store::{outbox, rate_limits};
use crate::{account, auth, bindings, email_fix, email_providers, health, security_headers, transfer};

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    // Pages may post forms on to login.gov (signing out); the policy names it.
    let login_gov = env.var("LOGIN_GOV_ISSUER").map(|v| v.to_string()).unwrap_or_default();
    let answer = if from_another_site(&req, &env) {
        Err(AppError::Forbidden("a state-changing request from another site"))
    } else if path == "/api" || path.starts_with("/api/") {
        api(req, env, &ctx, &path).await
    } else if path.starts_with("/auth/") {
        sign_in(req, &env, &path).await
    } else if path.starts_with("/dev/") && !email_providers::has_dev_mailbox(&env) {
        // The dev mailbox exists in local runs only.
        Err(AppError::NotFound)
    } else {
        app(req, &env).await
    };
    let response = answer.or_else(|error| {
        if let AppError::Internal(cause) = &error {
            console_error!("{path}: {cause}");
        }
        json_error(&error)
    })?;
    with_security_headers(response, security_headers::origin_of(&login_gov))
}

/// A request that may change something (not GET or HEAD) whose browser says
/// it comes from a page of another origin. Requests of a signed-in person must
/// also name the registry's origin and carry the session's CSRF token
/// (`auth::check_csrf`); a client that is no browser sends no `Origin`.
fn from_another_site(req: &Request, env: &Env) -> bool {
    if matches!(req.method(), Method::Get | Method::Head) {
        return false;
    }
    let origin = req.headers().get("origin").ok().flatten();
    let registry = env.var("PUBLIC_ORIGIN").map(|v| v.to_string()).unwrap_or_default();
    origin.is_some_and(|origin| origin != registry.trim_end_matches('/'))
}

/// The routes login.gov knows (registered with it, so fixed). A failure of
/// ours while signing in is a page that says to try again, not JSON.
async fn sign_in(req: Request, env: &Env, path: &str) -> Result<Response, AppError> {
    let answer = match (path, req.method()) {
        ("/auth/login", Method::Get) => auth::login(req, env).await,
        ("/auth/callback", Method::Get) => auth::callback(req, env).await,
        ("/auth/logout", Method::Post) => auth::logout(req, env).await,
        ("/auth/login" | "/auth/callback" | "/auth/logout", _) => Err(AppError::MethodNotAllowed),
        _ => Err(AppError::NotFound),
    };
    match answer {
        Err(AppError::Internal(cause) | AppError::Provider(cause)) => {
            console_error!("{path}: {cause}");
            auth::unavailable_page()
        }
        other => other,
    }
}

async fn api(req: Request, env: Env, ctx: &Context, path: &str) -> Result<Response, AppError> {
    if let Some(token) = path.strip_prefix("/api/transfer/fix/") {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::DuplicateEmailFix).await,
            Method::Post => email_fix::request_new_email(req, &env, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    if let Some(token) = path.strip_prefix("/api/transfer/confirm/") {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::ConfirmNewEmail).await,
            Method::Post => email_fix::confirm_new_email(&env, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    if let Some(token) = path.strip_prefix("/api/account/email/confirm/") {
        return match req.method() {
            Method::Get => email_fix::check_link(&env, token, LinkPurpose::ConfirmEmailChange).await,
            Method::Post => account::confirm_change(&env, token).await,
            _ => Err(AppError::MethodNotAllowed),
        };
    }
    match (path, req.method()) {
        ("/api/health", Method::Get | Method::Head) => health::check(&env).await,
        ("/api/session", Method::Get) => auth::current(req, &env).await,
        ("/api/account/email", Method::Post) => account::request_change(req, &env).await,
        ("/api/transfer", Method::Post) => transfer::submit(req, env, ctx).await,
        ("/api/dev/mailbox", Method::Get) if email_providers::has_dev_mailbox(&env) => dev_mailbox(&env).await,
        ("/api/health" | "/api/transfer" | "/api/session" | "/api/account/email", _) => Err(AppError::MethodNotAllowed),
        _ => Err(AppError::NotFound),
    }
}

/// The emails sent in a local run, newest first; no such path elsewhere.
async fn dev_mailbox(env: &Env) -> Result<Response, AppError> {
    let db = D1(env.d1(bindings::DB)?);
    Ok(Response::from_json(&outbox::recently_sent(&db, 50).await?)?)
}

/// The email queue's consumer: each message names an outbox row to send.
#[event(queue)]
async fn queue(batch: MessageBatch<OutboxMessage>, env: Env, _ctx: Context) -> worker::Result<()> {
    let db = D1(env.d1(bindings::DB)?);
    let provider = email_providers::from_env(&env).map_err(|e| worker::Error::RustError(e.to_string()))?;
    for message in batch.messages()? {
        match delivery::deliver(&db, &provider, message.body().outbox_id).await {
            Ok(Delivery::Sent | Delivery::NothingPending) => message.ack(),
            Ok(Delivery::Failed { retry_in_seconds }) => {
                console_error!(
                    "email {}: the provider failed; retrying in {retry_in_seconds} s",
                    message.body().outbox_id
                );
                message
                    .retry_with_options(&QueueRetryOptionsBuilder::new().with_delay_seconds(retry_in_seconds).build());
            }
            Err(e) => {
                console_error!("email {}: {e}", message.body().outbox_id);
                message.retry();
            }
        }
    }
    Ok(())
}

/// The daily run (wrangler.toml `[triggers]`): forgets old rate-limit counters.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let forgotten = match env.d1(bindings::DB) {
        Ok(db) => rate_limits::forget_old(&D1(db)).await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(e) = forgotten {
        console_error!("scheduled: {e}");
    }
}

/// The built app; an unknown path gets index.html (single-page-application
/// fallback in wrangler.toml) and the app's router shows its Not found page.
async fn app(req: Request, env: &Env) -> Result<Response, AppError> {
    Ok(env.assets(bindings::ASSETS)?.fetch_request(req).await?)
}

fn json_error(error: &AppError) -> worker::Result<Response> {
    Ok(Response::from_json(&error.body())?.with_status(error.status()))
}

/// A fetched response's headers cannot be changed, so the response is rebuilt
/// around its body with a copy of them.
fn with_security_headers(response: Response, login_gov_origin: &str) -> worker::Result<Response> {
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    let content_type = headers.get("content-type")?;
    for (name, value) in security_headers::for_content_type(content_type.as_deref(), login_gov_origin) {
        headers.set(name, &value)?;
    }
    Ok(response.with_headers(headers))
}
