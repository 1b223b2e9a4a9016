//! The worker's settings by name, declared once: read by the worker
//! (`runtime/config.rs`, `outbox/providers.rs`) and checked before a
//! deployment (`deployment.rs`, run by `scripts/deploy`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const ENVIRONMENT: &str = "ENVIRONMENT";
pub const PUBLIC_ORIGIN: &str = "PUBLIC_ORIGIN";
pub const LOGIN_GOV_ISSUER: &str = "LOGIN_GOV_ISSUER";
pub const LOGIN_GOV_CLIENT_ID: &str = "LOGIN_GOV_CLIENT_ID";
pub const LOGIN_GOV_CLIENT_AUTH: &str = "LOGIN_GOV_CLIENT_AUTH";
pub const LOGIN_GOV_REDIRECT_URI: &str = "LOGIN_GOV_REDIRECT_URI";
pub const LOGIN_GOV_POST_LOGOUT_REDIRECT_URI: &str = "LOGIN_GOV_POST_LOGOUT_REDIRECT_URI";
pub const EMAIL_PROVIDER: &str = "EMAIL_PROVIDER";
pub const EMAIL_FROM: &str = "EMAIL_FROM";
/// Staging's: the only recipients emailed (an address, or `@domain`); other emails are kept, not sent.
pub const EMAIL_ALLOWED_RECIPIENTS: &str = "EMAIL_ALLOWED_RECIPIENTS";
/// Transfer requests from one client address in an hour before its next one meets the check (Turnstile).
pub const TRANSFER_LIMIT_PER_IP: &str = "TRANSFER_LIMIT_PER_IP";
/// Transfer requests about one National Registry number in an hour, from anyone, before the next one meets the check.
pub const TRANSFER_LIMIT_PER_NUMBER: &str = "TRANSFER_LIMIT_PER_NUMBER";
/// Sign-ins refused before anyone was identified, audited per client address and hour (`rate_limit::sign_in_refusal_buckets`).
pub const SIGN_IN_REFUSALS_PER_IP: &str = "SIGN_IN_REFUSALS_PER_IP";
/// The previews that may finish a sign-in begun at this worker's callback (`login_gov::preview`).
pub const PREVIEW_ORIGINS: &str = "PREVIEW_ORIGINS";

/// The last day to move an account to login.gov, `YYYY-MM-DD` (`domain::deadline`); empty: none.
pub const TRANSFER_DEADLINE: &str = "TRANSFER_DEADLINE";
/// What missing the deadline means for an examiner, in the program office's words, shown after it.
pub const AFTER_DEADLINE_WORDS: &str = "AFTER_DEADLINE_WORDS";

/// How many emails a reminder campaign writes a minute (`domain::campaign::emails_due`):
/// under the email provider's sending limits, with room for the registry's other emails.
pub const CAMPAIGN_EMAILS_PER_MINUTE: &str = "CAMPAIGN_EMAILS_PER_MINUTE";

/// Cloudflare Turnstile (`crate::turnstile`): the widget's site key (public),
/// the script that draws it and the endpoint that verifies its answers.
pub const TURNSTILE_SITE_KEY: &str = "TURNSTILE_SITE_KEY";
pub const TURNSTILE_SCRIPT_URL: &str = "TURNSTILE_SCRIPT_URL";
pub const TURNSTILE_SITEVERIFY_URL: &str = "TURNSTILE_SITEVERIFY_URL";

/// A shorter idle limit for sessions, in seconds, for the tests of the warning
/// before a sign-out; unset everywhere else (it can only shorten: `domain::session::Limits`).
pub const SESSION_IDLE_SECONDS: &str = "SESSION_IDLE_SECONDS";

/// Where Cloudflare Access is in front of the staff side: its team's issuer
/// (`https://<team>.cloudflareaccess.com`) and the application's audience tag.
/// Both or neither (`cloudflare_access`).
pub const STAFF_ACCESS_ISSUER: &str = "STAFF_ACCESS_ISSUER";
pub const STAFF_ACCESS_AUD: &str = "STAFF_ACCESS_AUD";

/// Every var each environment sets.
pub const VARS: [&str; 19] = [
    ENVIRONMENT,
    PUBLIC_ORIGIN,
    LOGIN_GOV_ISSUER,
    LOGIN_GOV_CLIENT_ID,
    LOGIN_GOV_CLIENT_AUTH,
    LOGIN_GOV_REDIRECT_URI,
    LOGIN_GOV_POST_LOGOUT_REDIRECT_URI,
    EMAIL_PROVIDER,
    EMAIL_FROM,
    TRANSFER_LIMIT_PER_IP,
    TRANSFER_LIMIT_PER_NUMBER,
    SIGN_IN_REFUSALS_PER_IP,
    PREVIEW_ORIGINS,
    TRANSFER_DEADLINE,
    AFTER_DEADLINE_WORDS,
    CAMPAIGN_EMAILS_PER_MINUTE,
    TURNSTILE_SITE_KEY,
    TURNSTILE_SCRIPT_URL,
    TURNSTILE_SITEVERIFY_URL,
];

/// The vars an environment may leave unset.
pub const OPTIONAL_VARS: [&str; 4] =
    [EMAIL_ALLOWED_RECIPIENTS, SESSION_IDLE_SECONDS, STAFF_ACCESS_ISSUER, STAFF_ACCESS_AUD];

/// The vars above that this environment sets, each read once: what the
/// configuration is made of, and what the registry's worker passes on to the
/// staff API's, as a JSON object of texts (`runtime::staff_api_worker`).
/// Held as JSON's own map, whose code every worker has already.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Vars(Map<String, Value>);

impl Vars {
    /// Every declared var that `value_of` gives.
    pub fn read(value_of: impl Fn(&str) -> Option<String>) -> Self {
        let declared = VARS.iter().chain(&OPTIONAL_VARS);
        Self(declared.filter_map(|name| Some(((*name).to_owned(), Value::String(value_of(name)?)))).collect())
    }

    /// The var `name`, where it is set. Only a declared name may be asked
    /// for: one that is not would never be passed on.
    pub fn get(&self, name: &str) -> Result<Option<&str>, UndeclaredVar> {
        if !(VARS.contains(&name) || OPTIONAL_VARS.contains(&name)) {
            return Err(UndeclaredVar(name.to_owned()));
        }
        Ok(self.0.get(name).and_then(Value::as_str))
    }
}

/// Passed on: every value a text, as the worker's own vars are.
impl TryFrom<Map<String, Value>> for Vars {
    type Error = &'static str;

    fn try_from(vars: Map<String, Value>) -> Result<Self, Self::Error> {
        if vars.values().all(Value::is_string) {
            Ok(Self(vars))
        } else {
            Err("a var that is not text")
        }
    }
}

/// A var read that `VARS` and `OPTIONAL_VARS` do not declare: ours to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the variable {0} is not declared in settings.rs")]
pub struct UndeclaredVar(pub String);

/// The registry's private key for `private_key_jwt`, a JWK: `wrangler secret put`.
pub const LOGIN_GOV_CLIENT_PRIVATE_JWK: &str = "LOGIN_GOV_CLIENT_PRIVATE_JWK";
/// The key of the rate-limit counters' daily keys (`domain::rate_limit::BucketKey`): random, 32 bytes or more.
pub const RATE_LIMIT_SECRET: &str = "RATE_LIMIT_SECRET";
/// Turnstile's secret key, for `siteverify`: Cloudflare's test secret in staging, the widget's own in production.
pub const TURNSTILE_SECRET_KEY: &str = "TURNSTILE_SECRET_KEY";
/// Every secret each deployed environment needs, by name.
pub const SECRETS: [&str; 3] = [LOGIN_GOV_CLIENT_PRIVATE_JWK, RATE_LIMIT_SECRET, TURNSTILE_SECRET_KEY];

/// `EMAIL_PROVIDER`'s values.
pub const CLOUDFLARE_EMAIL: &str = "cloudflare";
pub const DEV_MAILBOX: &str = "dev-mailbox";

/// The one environment where the stand-in may exist; the dev mailbox too.
pub const LOCAL: &str = "local";
/// A branch's preview: the previews' synthetic data, its emails kept in the dev mailbox (no sender).
pub const PREVIEW: &str = "preview";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vars_are_the_declared_ones_set_and_travel_as_json() {
        let vars = Vars::read(|name| match name {
            ENVIRONMENT => Some("preview".to_owned()),
            SESSION_IDLE_SECONDS => Some("40".to_owned()),
            _ => None,
        });
        assert_eq!(vars.get(ENVIRONMENT), Ok(Some("preview")));
        assert_eq!(vars.get(SESSION_IDLE_SECONDS), Ok(Some("40")));
        assert_eq!(vars.get(STAFF_ACCESS_AUD), Ok(None));
        assert_eq!(vars.get("LOGIN_GOV_CLIENT_PRIVATE_JWK"), Err(UndeclaredVar(LOGIN_GOV_CLIENT_PRIVATE_JWK.into())));
        let json = serde_json::to_string(&vars).unwrap();
        assert_eq!(json, r#"{"ENVIRONMENT":"preview","SESSION_IDLE_SECONDS":"40"}"#);
        assert_eq!(serde_json::from_str::<Vars>(&json).unwrap(), vars);
        // A value that is not text is refused, not dropped.
        assert!(serde_json::from_str::<Vars>(r#"{"ENVIRONMENT":1}"#).is_err());
    }
}
