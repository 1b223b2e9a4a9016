//! The National Registry's two workers, built from this crate: the registry's
//! (by default), and the staff API's (feature `staff-api-worker`:
//! `runtime/staff_api_worker.rs`).
//!
//! Every request comes here first (`run_worker_first` in wrangler.toml): `/api/*`
//! is answered by the API, everything else by the built app in static assets,
//! and every response leaves with the same security headers.
//!
//! The folders say which is which: the modules here decide without the
//! Workers runtime (errors, headers, cookies, the OpenID Connect checks, the
//! SQL) and are tested natively; `runtime/` holds the handlers, wasm32 only,
//! thin: parse → decide (with the modules here) → store → respond. The one
//! folder by feature, `outbox/`, keeps its calls to the runtime (the email
//! providers, the queue) beside its plain parts, marked wasm32 only.

// Cloudflare Access in front of the staff side: its assertion, checked as login.gov's ID token is.
pub mod cloudflare_access;
pub mod cookies;
// What scripts/deploy checks before it uploads (native: the binary check-environment).
#[cfg(not(target_arch = "wasm32"))]
pub mod deployment;
pub mod error;
// What the queues carry.
pub mod job;
pub mod log_line;
pub mod login_gov;
// The email outbox: writing, queueing, delivering (its SQL is in store/).
pub mod outbox;
pub mod reminders;
// Every route: its method, path and who may call it.
pub mod route_table;
pub mod security_headers;
pub mod settings;
pub mod static_files;
pub mod store;
pub mod turnstile;

// The handlers: what runs on the Workers runtime (requests, the queue, the cron).
#[cfg(target_arch = "wasm32")]
mod runtime;

/// The names of the bindings in wrangler.toml.
pub mod bindings {
    pub const DB: &str = "DB";
    pub const KV: &str = "KV";
    pub const ASSETS: &str = "ASSETS";
    /// The queue of outbox emails to send.
    pub const EMAILS: &str = "EMAILS";
    /// The queue of Transfer or Create Account claims to decide.
    pub const TRANSFERS: &str = "TRANSFERS";
    /// Cloudflare Email Service (`[[send_email]]`), where EMAIL_PROVIDER is cloudflare.
    pub const EMAIL: &str = "EMAIL";
    /// The staff API's own worker (`[[services]]`; wrangler.staff-api.toml), which answers `/api/staff/*`.
    pub const STAFF_API: &str = "STAFF_API";
}

/// The largest JSON body the API reads; every form it takes is far smaller.
pub const MAX_JSON_BODY: usize = 8 * 1024;
/// The largest form body (signing out: one CSRF token).
pub const MAX_FORM_BODY: usize = 1024;

/// The build that is running: the crate version and the commit it was built from.
pub fn build_version() -> String {
    format!("{}+{}", env!("CARGO_PKG_VERSION"), build_commit())
}

/// The commit the worker was built from (scripts/build sets it), or `dev`.
pub fn build_commit() -> &'static str {
    option_env!("REGISTRY_BUILD_COMMIT").unwrap_or("dev")
}
