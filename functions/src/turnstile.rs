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

/// Cloudflare's documented test keys, site keys and secrets alike
/// (`1x00000000000000000000AA` always passes, `2x…` always blocks, `3x…`
/// forces an interactive check): staging's, never production's.
pub fn is_test_key(key: &str) -> bool {
    matches!(key.get(..2), Some("1x" | "2x" | "3x")) && key[2..].starts_with("0000000000")
}

/// The widget's action, which Turnstile signs into its answer: an answer made
/// for another widget (another form, another site's) is no answer here.
pub const ACTION: &str = "transfer";

/// The check as the worker is configured for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turnstile {
    /// What a page is sent to draw the widget.
    pub challenge: Challenge,
    pub siteverify_url: String,
}

impl Turnstile {
    /// Whether an answer must name the page's hostname and [`ACTION`]: a real
    /// widget's does; the answers of Cloudflare's test keys name neither.
    pub fn binds_answers(&self) -> bool {
        !is_test_key(&self.challenge.site_key)
    }
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
    /// Where the check was passed (the page's hostname), and the widget's action.
    #[serde(default)]
    pub hostname: String,
    #[serde(default)]
    pub action: String,
}

/// What a verdict means for the request.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    Passed,
    /// The person's answer does not pass (made up, used, older than five
    /// minutes, made elsewhere): they are asked again. Why, for the log.
    NotPassed(String),
    /// The call was wrong (the secret, the request) or Turnstile failed: ours,
    /// not the person's, and logged as a failure. Turnstile's codes.
    Broken(String),
}

/// The codes that say the call failed, not the answer.
const NOT_THE_ANSWERS: [&str; 4] = ["missing-input-secret", "invalid-input-secret", "bad-request", "internal-error"];

impl Verdict {
    /// `bound_to`: the page's hostname and the widget's action, where a real
    /// widget's answer must name them ([`Turnstile::binds_answers`]).
    pub fn checked(&self, bound_to: Option<(&str, &str)>) -> Checked {
        let codes = self.error_codes.join(", ");
        if self.error_codes.iter().any(|code| NOT_THE_ANSWERS.contains(&code.as_str())) {
            return Checked::Broken(codes);
        }
        if !self.success {
            return Checked::NotPassed(if codes.is_empty() { "not passed".into() } else { codes });
        }
        match bound_to {
            Some((hostname, action)) if self.hostname != hostname || self.action != action => Checked::NotPassed(
                format!("made on {} for {:?}, not on {hostname} for {action:?}", self.hostname, self.action),
            ),
            _ => Checked::Passed,
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
        assert_eq!(verdict(passed).checked(None), Checked::Passed);
        let used = r#"{"success":false,"error-codes":["timeout-or-duplicate"]}"#;
        assert_eq!(verdict(used).checked(None), Checked::NotPassed("timeout-or-duplicate".into()));
        assert_eq!(verdict(r#"{"success":false}"#).checked(None), Checked::NotPassed("not passed".into()));
    }

    #[test]
    fn a_wrong_secret_or_a_failure_of_turnstile_is_ours_not_the_persons() {
        for code in ["invalid-input-secret", "missing-input-secret", "bad-request", "internal-error"] {
            let json = format!(r#"{{"success":false,"error-codes":["{code}"]}}"#);
            assert_eq!(verdict(&json).checked(None), Checked::Broken(code.into()));
        }
    }

    #[test]
    fn a_real_widgets_answer_must_be_made_on_this_site_for_this_form() {
        let on = |hostname: &str, action: &str| {
            verdict(&format!(r#"{{"success":true,"hostname":"{hostname}","action":"{action}"}}"#))
        };
        let here = Some(("nationalregistry.fmcsa.dot.gov", ACTION));
        assert_eq!(on("nationalregistry.fmcsa.dot.gov", "transfer").checked(here), Checked::Passed);
        assert!(matches!(on("evil.example", "transfer").checked(here), Checked::NotPassed(_)));
        assert!(matches!(on("nationalregistry.fmcsa.dot.gov", "login").checked(here), Checked::NotPassed(_)));
        // Cloudflare's test keys bind nothing: staging's answers are taken as they come.
        assert_eq!(on("example.com", "").checked(None), Checked::Passed);
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
        for test_key in [
            "1x00000000000000000000AA",
            "2x00000000000000000000AB",
            "3x00000000000000000000FF",
            "1x0000000000000000000000000000000AA",
        ] {
            assert!(is_test_key(test_key), "{test_key}");
        }
        assert!(!is_test_key("0x4AAAAAAABkMYinukE8nzY"));
        assert!(!is_test_key(""));
    }
}
