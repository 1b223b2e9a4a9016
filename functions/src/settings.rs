//! The worker's settings by name, declared once: read by the worker
//! (`runtime/config.rs`, `outbox/providers.rs`) and checked before a
//! deployment (`deployment.rs`, run by `scripts/deploy`).

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

/// Whether `name` is one of the vars above: the configuration reads no other,
/// and the registry's worker passes these on to the staff API's.
pub fn is_declared(name: &str) -> bool {
    VARS.contains(&name) || OPTIONAL_VARS.contains(&name)
}

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
