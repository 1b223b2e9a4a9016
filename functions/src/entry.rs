//! The worker's entry: route, answer, add the security headers.

use worker::{console_error, event, Context, Env, Headers, Method, Request, Response};

use crate::error::AppError;
use crate::{bindings, health, security_headers};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let path = req.path();
    let answer = if path == "/api" || path.starts_with("/api/") {
        api(req, &env, &path).await
    } else {
        app(req, &env).await
    };
    let response = answer.or_else(|error| {
        if let AppError::Internal(cause) = &error {
            console_error!("{path}: {cause}");
        }
        json_error(&error)
    })?;
    with_security_headers(response)
}

async fn api(req: Request, env: &Env, path: &str) -> Result<Response, AppError> {
    match (path, req.method()) {
        ("/api/health", Method::Get | Method::Head) => health::check(env).await,
        ("/api/health", _) => Err(AppError::MethodNotAllowed),
        _ => Err(AppError::NotFound),
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
fn with_security_headers(response: Response) -> worker::Result<Response> {
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    let content_type = headers.get("content-type")?;
    for (name, value) in security_headers::for_content_type(content_type.as_deref()) {
        headers.set(name, value)?;
    }
    Ok(response.with_headers(headers))
}
