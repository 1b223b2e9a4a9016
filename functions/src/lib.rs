//! The National Registry's worker.
//!
//! Every request comes here first (`run_worker_first` in wrangler.toml): `/api/*`
//! is answered by the API, everything else by the built app in static assets,
//! and every response leaves with the same security headers.
//!
//! What can be decided without the Workers runtime (errors, headers) is plain
//! Rust and tested natively; the modules that touch the runtime are wasm32 only.

#[cfg(target_arch = "wasm32")]
mod config;
pub mod cookies;
pub mod delivery;
pub mod error;
pub mod login_gov;
pub mod security_headers;
pub mod static_files;
pub mod store;

#[cfg(target_arch = "wasm32")]
mod account;
#[cfg(target_arch = "wasm32")]
mod auth;
#[cfg(target_arch = "wasm32")]
mod email_fix;
#[cfg(target_arch = "wasm32")]
mod email_providers;
#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
mod health;
#[cfg(target_arch = "wasm32")]
mod provider;
#[cfg(target_arch = "wasm32")]
mod transfer;
#[cfg(target_arch = "wasm32")]
mod webcrypto;

/// The names of the bindings in wrangler.toml.
pub mod bindings {
    pub const DB: &str = "DB";
    pub const KV: &str = "KV";
    pub const ASSETS: &str = "ASSETS";
    /// The queue of outbox emails to send.
    pub const EMAILS: &str = "EMAILS";
    /// Cloudflare Email Service (`[[send_email]]`), where EMAIL_PROVIDER is cloudflare.
    pub const EMAIL: &str = "EMAIL";
}

/// The largest JSON body the API reads; every form it takes is far smaller.
pub const MAX_JSON_BODY: usize = 8 * 1024;

/// A JSON request body read into `T`: anything else is a 400 that changes nothing.
#[cfg(target_arch = "wasm32")]
async fn json_body<T: serde::de::DeserializeOwned>(req: &mut worker::Request) -> Result<T, error::AppError> {
    use error::AppError::BadRequest;
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    if !content_type.trim_start().to_ascii_lowercase().starts_with("application/json") {
        return Err(BadRequest(format!("content-type {content_type}")));
    }
    let body = req.bytes().await?;
    if body.len() > MAX_JSON_BODY {
        return Err(BadRequest(format!("{} bytes", body.len())));
    }
    // serde would also read a struct from an array; the API takes objects only.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(BadRequest("not a JSON object".into()));
    }
    serde_json::from_slice(&body).map_err(|e| BadRequest(e.to_string()))
}

/// 32 bytes from the Workers runtime's `crypto.getRandomValues`.
#[cfg(target_arch = "wasm32")]
fn random_bytes() -> Result<[u8; 32], error::AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| error::AppError::internal(format!("no random bytes: {e}")))?;
    Ok(bytes)
}

/// A new single-use link token.
#[cfg(target_arch = "wasm32")]
fn random_link_token() -> Result<domain::link_token::LinkToken, error::AppError> {
    Ok(domain::link_token::LinkToken::from_random_bytes(random_bytes()?))
}

/// Seconds since the Unix epoch, by the Workers runtime's clock.
#[cfg(target_arch = "wasm32")]
fn now_seconds() -> i64 {
    i64::try_from(worker::Date::now().as_millis() / 1000).unwrap_or(i64::MAX)
}

/// The build that is running: the crate version and the commit it was built from.
pub fn build_version() -> String {
    format!("{}+{}", env!("CARGO_PKG_VERSION"), option_env!("REGISTRY_BUILD_COMMIT").unwrap_or("dev"))
}
