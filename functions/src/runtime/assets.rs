//! The built app (`dist/`, the Assets binding): its files, the pages made at
//! build time, and the app's shell for every other page address.

use worker::{Request, Response};

use super::context::Context;
use super::with_headers;
use crate::error::AppError;
use crate::{bindings, static_files};

/// The built app: a file, a page made at build time, or else the app's shell,
/// whose router draws the page (or its Not found page).
pub async fn app(req: Request, cx: &Context) -> Result<Response, AppError> {
    let assets = cx.env.assets(bindings::ASSETS)?;
    let url = req.url()?;
    let mut response = assets.fetch_request(req).await?;
    if response.status_code() == 404 && static_files::is_page(url.path()) {
        response = assets.fetch(url.join(static_files::APP_SHELL)?.to_string(), None).await?;
    }
    let cache_control = static_files::cache_control(url.path(), response.status_code());
    Ok(with_headers(response, [("cache-control", cache_control.to_owned())])?)
}
