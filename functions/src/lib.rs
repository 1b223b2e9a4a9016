//! The National Registry's worker.
//!
//! Every request comes here first (`run_worker_first` in wrangler.toml): `/api/*`
//! is answered by the API, everything else by the built app in static assets,
//! and every response leaves with the same security headers.
//!
//! What can be decided without the Workers runtime (errors, headers) is plain
//! Rust and tested natively; the modules that touch the runtime are wasm32 only.

pub mod error;
pub mod store;
pub mod security_headers;

#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
mod health;

/// The names of the bindings in wrangler.toml.
pub mod bindings {
    pub const DB: &str = "DB";
    pub const KV: &str = "KV";
    pub const ASSETS: &str = "ASSETS";
}

/// The build that is running: the crate version and the commit it was built from.
pub fn build_version() -> String {
    format!("{}+{}", env!("CARGO_PKG_VERSION"), option_env!("REGISTRY_BUILD_COMMIT").unwrap_or("dev"))
}
