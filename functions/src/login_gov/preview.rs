//! Signing in on a branch's preview. login.gov sends people back only to the
//! redirect URIs registered for staging, so a sign-in started on a preview
//! (`https://<branch>-national-registry-staging.<subdomain>.workers.dev`)
//! comes back to staging's callback, which does every check of the ID token
//! and then hands the browser over to the preview with a single-use code that
//! lives a minute. Only this worker's own preview hostnames take part: the
//! allow-list `PREVIEW_ORIGINS` (patterns with one `*`, standing for a
//! hostname label's letters, digits and dashes).

use serde::{Deserialize, Serialize};

use super::authorize::PendingSignIn;
use super::Identity;

/// The origins of previews that may sign in through this worker's callback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviewOrigins(Vec<String>);

impl PreviewOrigins {
    /// Patterns separated by spaces or commas; none is an empty list.
    pub fn parse(setting: &str) -> Self {
        Self(setting.split([' ', ',']).filter(|p| !p.is_empty()).map(str::to_owned).collect())
    }

    /// Whether `origin` (scheme, host and port as a browser sends it) is one of them.
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|pattern| matches(pattern, origin))
    }
}

fn matches(pattern: &str, origin: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == origin,
        Some((before, after)) => {
            origin.len() > before.len() + after.len()
                && origin.starts_with(before)
                && origin.ends_with(after)
                && origin[before.len()..origin.len() - after.len()]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }
    }
}

/// What staging's callback hands over to a preview: who login.gov says the
/// person is, checked every way, and the sign-in the preview started (its
/// browser binding is checked there, where its cookie is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handoff {
    /// The preview that started the sign-in: the only one that may take it.
    pub origin: String,
    pub signing_in: PendingSignIn,
    pub identity: Identity,
}

/// A handoff code lives this long: the browser is redirected at once.
pub const HANDOFF_SECONDS: i64 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    const STAGING_PREVIEWS: &str = "https://*-national-registry-staging.fmcsa-registry.workers.dev";

    #[test]
    fn a_branch_preview_of_this_worker_is_allowed() {
        let previews = PreviewOrigins::parse(STAGING_PREVIEWS);
        assert!(previews.allows("https://fix-login-national-registry-staging.fmcsa-registry.workers.dev"));
        assert!(previews.allows("https://abc123-national-registry-staging.fmcsa-registry.workers.dev"));
    }

    #[test]
    fn any_other_host_is_refused_however_it_is_dressed_up() {
        let previews = PreviewOrigins::parse(STAGING_PREVIEWS);
        for origin in [
            "https://national-registry-staging.fmcsa-registry.workers.dev",
            "https://-national-registry-staging.fmcsa-registry.workers.dev.evil.example",
            "https://evil.example/-national-registry-staging.fmcsa-registry.workers.dev",
            "https://a.b-national-registry-staging.fmcsa-registry.workers.dev",
            "https://EVIL-national-registry-staging.fmcsa-registry.workers.dev",
            "http://fix-national-registry-staging.fmcsa-registry.workers.dev",
            "https://fix-national-registry-production.fmcsa-registry.workers.dev",
        ] {
            assert!(!previews.allows(origin), "{origin}");
        }
        assert!(!PreviewOrigins::parse("").allows(""));
    }

    #[test]
    fn exact_origins_and_lists_are_allowed_as_written() {
        let previews = PreviewOrigins::parse("http://127.0.0.1:8799, http://127.0.0.1:8800");
        assert!(previews.allows("http://127.0.0.1:8799") && previews.allows("http://127.0.0.1:8800"));
        assert!(!previews.allows("http://localhost:8799"));
    }
}
