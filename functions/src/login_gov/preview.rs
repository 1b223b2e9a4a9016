//! Signing in on a branch's preview. A preview is a Worker Preview of its own
//! worker (`national-registry-preview`, in the previews' Cloudflare account)
//! with its own D1 and KV: it holds every secret of its sign-ins itself. login.gov
//! sends people back only to fixed, registered addresses, so the previews'
//! sandbox client registers one of staging's, `/auth/preview-callback`: the
//! preview names its own origin in the sign-in's `state`, and staging sends
//! login.gov's answer on, untouched, to that preview if it is one of
//! `PREVIEW_ORIGINS` (patterns with one `*`, standing for a hostname label's
//! letters, digits and dashes). Staging reads and writes nothing of a
//! preview's: the preview's own callback checks the state, its cookie, its PKCE
//! verifier and the ID token, as any sign-in's.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The origins of previews that may sign in through this worker's callback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviewOrigins(Vec<String>);

impl PreviewOrigins {
    /// Patterns separated by spaces or commas; none is an empty list.
    pub fn parse(setting: &str) -> Self {
        Self(setting.split([' ', ',']).filter(|p| !p.is_empty()).map(str::to_owned).collect())
    }

    /// Whether any preview signs in through this worker.
    pub fn relays_any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Whether `pattern` is one of them as written (the deployment check's question).
    pub fn names(&self, pattern: &str) -> bool {
        self.0.iter().any(|p| p == pattern)
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

/// The `state` of a sign-in begun on a preview: its random state, then the
/// preview's origin (base64url, which has no `.`), for staging's relay.
pub fn state_naming(random_state: &str, origin: &str) -> String {
    format!("{random_state}.{}", URL_SAFE_NO_PAD.encode(origin))
}

/// The origin a `state` names, if it names one.
pub fn origin_named(state: &str) -> Option<String> {
    let (_, named) = state.rsplit_once('.')?;
    String::from_utf8(URL_SAFE_NO_PAD.decode(named).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_names_its_preview_and_a_plain_one_names_nothing() {
        let origin = "https://fix-login-national-registry-preview.fmcsa-registry-previews.workers.dev";
        let state = state_naming("s".repeat(43).as_str(), origin);
        assert_eq!(origin_named(&state).as_deref(), Some(origin));
        assert_eq!(origin_named(&"s".repeat(43)), None);
        assert_eq!(origin_named("s.%%%"), None, "not base64url");
        assert_eq!(origin_named(&format!("s.{}", URL_SAFE_NO_PAD.encode([0xff, 0xfe]))), None, "not text");
    }

    const PREVIEWS: &str = "https://*-national-registry-preview.fmcsa-registry-previews.workers.dev";

    #[test]
    fn a_branch_preview_of_this_worker_is_allowed() {
        let previews = PreviewOrigins::parse(PREVIEWS);
        assert!(previews.allows("https://fix-login-national-registry-preview.fmcsa-registry-previews.workers.dev"));
        assert!(previews.allows("https://abc123-national-registry-preview.fmcsa-registry-previews.workers.dev"));
    }

    #[test]
    fn any_other_host_is_refused_however_it_is_dressed_up() {
        let previews = PreviewOrigins::parse(PREVIEWS);
        for origin in [
            "https://national-registry-preview.fmcsa-registry-previews.workers.dev",
            "https://-national-registry-preview.fmcsa-registry-previews.workers.dev.evil.example",
            "https://evil.example/-national-registry-preview.fmcsa-registry-previews.workers.dev",
            "https://a.b-national-registry-preview.fmcsa-registry-previews.workers.dev",
            "https://EVIL-national-registry-preview.fmcsa-registry-previews.workers.dev",
            "http://fix-national-registry-preview.fmcsa-registry-previews.workers.dev",
            "https://fix-national-registry-staging.fmcsa-registry-previews.workers.dev",
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
