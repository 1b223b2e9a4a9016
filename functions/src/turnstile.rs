//! Cloudflare Turnstile, the check a client meets past a limit
//! (`domain::challenge`): its settings, and its `siteverify` call — what the
//! worker sends with the widget's answer, and how it reads the verdict.
//! Verified at the edge, at the configured URL: Cloudflare's in a deployment,
//! the local stand-in's (dev/login-gov/turnstile.mjs) in a local run.

use domain::challenge::Challenge;
use serde::{Deserialize, Serialize};

/// Where Turnstile lives in a deployment: the script that draws the widget
/// (drawn only when asked: `render=explicit`) and the verification endpoint.
pub const SCRIPT: &str = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
pub const SITEVERIFY: &str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/// Cloudflare's documented test site keys (`1x00000000000000000000AA` always
/// passes, `2x…` always blocks, `3x…` forces an interactive check): staging's,
/// never production's.
pub fn is_test_site_key(site_key: &str) -> bool {
    matches!(site_key.get(..2), Some("1x" | "2x" | "3x")) && site_key[2..].starts_with("0000000000")
}

/// The check as the worker is configured for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turnstile {
    /// What a page is sent to draw the widget.
    pub challenge: Challenge,
    pub siteverify_url: String,
}

/// The body of a `siteverify` call (JSON, which the endpoint takes as well as a form).
#[derive(Debug, Serialize)]
pub struct SiteverifyRequest<'a> {
    pub secret: &'a str,
    pub response: &'a str,
    /// The client's address, which Turnstile compares with the one that solved the check.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub remoteip: &'a str,
}

/// Turnstile's verdict on an answer.
#[derive(Debug, Deserialize)]
pub struct Verdict {
    pub success: bool,
    /// Why not: `invalid-input-response`, `timeout-or-duplicate` (used or older than five minutes)…
    #[serde(rename = "error-codes", default)]
    pub error_codes: Vec<String>,
}

impl Verdict {
    /// Passed, or why not, for the log.
    pub fn passed(&self) -> Result<(), String> {
        match (self.success, self.error_codes.is_empty()) {
            (true, _) => Ok(()),
            (false, true) => Err("not passed".into()),
            (false, false) => Err(format!("not passed: {}", self.error_codes.join(", "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(json: &str) -> Verdict {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_verdict_passes_on_success_only_and_says_why_not() {
        let passed =
            r#"{"success":true,"error-codes":[],"challenge_ts":"2026-12-04T21:00:00.000Z","hostname":"example.com"}"#;
        assert_eq!(verdict(passed).passed(), Ok(()));
        let used = r#"{"success":false,"error-codes":["timeout-or-duplicate"]}"#;
        assert_eq!(verdict(used).passed(), Err("not passed: timeout-or-duplicate".into()));
        assert_eq!(verdict(r#"{"success":false}"#).passed(), Err("not passed".into()));
    }

    #[test]
    fn the_request_names_the_secret_the_answer_and_the_client_if_known() {
        let request = SiteverifyRequest { secret: "s", response: "token", remoteip: "203.0.113.7" };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"secret":"s","response":"token","remoteip":"203.0.113.7"}"#
        );
        let unknown_client = SiteverifyRequest { remoteip: "", ..request };
        assert_eq!(serde_json::to_string(&unknown_client).unwrap(), r#"{"secret":"s","response":"token"}"#);
    }

    #[test]
    fn cloudflares_test_keys_are_known_as_such() {
        for test_key in ["1x00000000000000000000AA", "2x00000000000000000000AB", "3x00000000000000000000FF"] {
            assert!(is_test_site_key(test_key), "{test_key}");
        }
        assert!(!is_test_site_key("0x4AAAAAAABkMYinukE8nzY"));
        assert!(!is_test_site_key(""));
    }
}
