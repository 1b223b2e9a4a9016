//! The worker's one error type, mapped here — and only here — to a status and
//! to words a person can act on. What went wrong inside, with its whole chain
//! of causes, goes to the log ([`AppError::for_the_log`]), never to the client.
//!
//! Which to use: a refusal the person can act on has its own variant; a failure
//! of login.gov is [`AppError::Provider`]; any other failure of ours (the store,
//! a binding, the configuration) is [`AppError::Internal`], through `?` on the
//! error it came from or [`AppError::internal`] with words of our own.

use std::error::Error;

use domain::api::ApiError;
use domain::challenge::{Challenge, ChallengeAsked};
use domain::form::{FieldErrors, FieldMessage, FormField};
use domain::link::LinkStatus;

use crate::login_gov::id_token::TokenError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no such API path")]
    NotFound,
    /// The path is a route's, not with this method: the methods it takes (`Allow`).
    #[error("method not allowed (allowed: {0})")]
    MethodNotAllowed(String),
    /// The body is not the JSON this path takes (malformed, wrong types, unknown fields, too large).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A body over the limit of its path: refused from its Content-Length before
    /// it is read, or as soon as what is read passes the limit.
    #[error("request body over {0} bytes")]
    PayloadTooLarge(usize),
    /// The JSON is well formed, but fields are wrong: each gets its message.
    #[error("invalid fields")]
    InvalidFields(Vec<FieldMessage>),
    /// Over a rate limit.
    #[error("too many requests")]
    TooManyRequests,
    /// Past a limit that a person may pass: the request is made again with the
    /// check's answer (428). `because`: why it was asked, for the log.
    #[error("check asked {asked:?}: {because}")]
    Challenge { asked: ChallengeAsked, challenge: Challenge, because: String },
    /// No live session: signed out, idle for 30 minutes, or older than 12 hours.
    #[error("not signed in")]
    NotSignedIn,
    /// A state-changing request from another origin, or without the session's CSRF token,
    /// or a staff sign-in without Cloudflare Access's assertion: a request that cannot be verified.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A request behind Cloudflare Access (the staff side, a preview's dev
    /// mailbox) whose assertion fails a check: which one, for the log.
    #[error("Cloudflare Access's assertion refused")]
    AccessRefused(#[source] TokenError),
    /// A verified caller whose role or access does not reach this request.
    #[error("not permitted: {0}")]
    NotPermitted(&'static str),
    /// login.gov did not answer, answered too slowly, or with something unusable.
    #[error("login.gov: {what}")]
    Provider {
        what: String,
        #[source]
        cause: Option<Box<dyn Error>>,
    },
    /// A first sign-in's question whether the account is the person's: none
    /// waits for this browser (answered, older than 10 minutes, or another browser).
    #[error("no link to confirm")]
    NoLinkToConfirm,
    /// A request the registry understood and will not do, in words of ours for the person (409).
    #[error("refused: {0}")]
    Refused(String),
    /// A single-use link that is used, expired or unknown.
    #[error("link: {0:?}")]
    Link(LinkStatus),
    /// A failure of ours or of a binding: what we were doing, and why it failed.
    #[error("{what}")]
    Internal {
        what: String,
        #[source]
        cause: Option<Box<dyn Error>>,
    },
}

impl AppError {
    /// A failure of ours that has no error of its own to keep (a setting is missing…).
    pub fn internal(what: impl Into<String>) -> Self {
        Self::Internal { what: what.into(), cause: None }
    }

    /// A failure of login.gov, in words of ours.
    pub fn provider(what: impl Into<String>) -> Self {
        Self::Provider { what: what.into(), cause: None }
    }

    /// A failure of login.gov, keeping the error it came as.
    pub fn provider_because(what: impl Into<String>, cause: impl Error + 'static) -> Self {
        Self::Provider { what: what.into(), cause: Some(Box::new(cause)) }
    }

    /// Wraps the cause, saying what was being done.
    pub fn while_doing(what: impl Into<String>, cause: impl Error + 'static) -> Self {
        Self::Internal { what: what.into(), cause: Some(Box::new(cause)) }
    }

    /// A failure that is ours or login.gov's, not the person's: it is logged.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Internal { .. } | Self::Provider { .. })
    }

    /// What the log keeps of it: a failure's whole chain of causes, a
    /// refusal's reason of ours; nothing of what the person sent.
    pub fn cause_for_the_log(&self) -> Option<String> {
        match self {
            _ if self.is_failure() => Some(self.for_the_log()),
            Self::Forbidden(reason) | Self::NotPermitted(reason) => Some((*reason).to_owned()),
            Self::AccessRefused(_) => Some(self.for_the_log()),
            _ => None,
        }
    }

    /// The error and every cause under it: `what: cause: its cause…`.
    pub fn for_the_log(&self) -> String {
        let mut line = self.to_string();
        let mut cause = self.source();
        while let Some(error) = cause {
            line.push_str(": ");
            line.push_str(&error.to_string());
            cause = error.source();
        }
        line
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::MethodNotAllowed(_) => 405,
            Self::PayloadTooLarge(_) => 413,
            Self::BadRequest(_) | Self::InvalidFields(_) => 400,
            Self::NotSignedIn => 401,
            Self::Forbidden(_) | Self::AccessRefused(_) | Self::NotPermitted(_) => 403,
            Self::Provider { .. } => 502,
            Self::Link(LinkStatus::Used | LinkStatus::Expired) | Self::NoLinkToConfirm => 410,
            Self::Link(LinkStatus::Superseded) | Self::Refused(_) => 409,
            Self::Link(_) => 404,
            Self::TooManyRequests => 429,
            Self::Challenge { .. } => 428,
            Self::Internal { .. } => 500,
        }
    }

    /// What the client is told: a stable code and a sentence, never the cause.
    pub fn body(&self) -> ApiError {
        let fields = match self {
            Self::InvalidFields(fields) => fields.clone(),
            _ => Vec::new(),
        };
        let challenge = match self {
            Self::Challenge { challenge, .. } => Some(challenge.clone()),
            _ => None,
        };
        let (error, message) = match self {
            Self::NotFound => ("not_found", "There is nothing at this address."),
            Self::MethodNotAllowed(_) => ("method_not_allowed", "This address does not accept that kind of request."),
            Self::BadRequest(_) => {
                ("bad_request", "The request could not be read. Please reload the page and try again.")
            }
            Self::PayloadTooLarge(_) => ("payload_too_large", "This request is too large."),
            Self::InvalidFields(_) => ("invalid_fields", "Some answers need your attention."),
            Self::Link(status @ LinkStatus::Used) => ("link_used", status.message()),
            Self::Link(status @ LinkStatus::Superseded) => ("link_superseded", status.message()),
            Self::Link(status @ LinkStatus::Expired) => ("link_expired", status.message()),
            Self::Link(status) => ("link_unknown", status.message()),
            Self::Refused(message) => ("refused", message.as_str()),
            Self::NoLinkToConfirm => (
                "no_link_to_confirm",
                "Signing in must be finished within 10 minutes, in the browser you started with. Please sign in again.",
            ),
            Self::TooManyRequests => ("too_many_requests", domain::rate_limit::TOO_MANY_REQUESTS),
            Self::Challenge { asked: asked @ ChallengeAsked::First, .. } => ("challenge_required", asked.message()),
            Self::Challenge { asked: asked @ ChallengeAsked::Again, .. } => ("challenge_failed", asked.message()),
            Self::NotSignedIn => ("not_signed_in", "Please sign in to continue."),
            Self::Forbidden(_) | Self::AccessRefused(_) => {
                ("forbidden", "This request could not be verified. Please reload the page and try again.")
            }
            Self::NotPermitted(_) => (
                "not_permitted",
                "Your access does not allow this. If you need it, ask the person who manages your access.",
            ),
            Self::Provider { .. } => {
                ("login_gov_unavailable", "login.gov is not answering right now. Please try again in a few minutes.")
            }
            Self::Internal { .. } => (
                "internal",
                concat!(
                    "Something went wrong on our side. Please try again, or contact ",
                    domain::the_help_desk!(),
                    "."
                ),
            ),
        };
        ApiError { error: error.into(), message: message.into(), fields, challenge }
    }
}

impl<F: FormField> From<FieldErrors<F>> for AppError {
    fn from(errors: FieldErrors<F>) -> Self {
        Self::InvalidFields(errors.to_messages())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        Self::while_doing("the store", e)
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        Self::while_doing("JSON", e)
    }
}

#[cfg(target_arch = "wasm32")]
impl From<worker::Error> for AppError {
    fn from(e: worker::Error) -> Self {
        Self::while_doing("the Workers runtime", e)
    }
}

#[cfg(target_arch = "wasm32")]
impl From<worker::kv::KvError> for AppError {
    fn from(e: worker::kv::KvError) -> Self {
        // KvError is no std Error: its words are kept.
        Self::internal(format!("KV: {e}"))
    }
}

#[cfg(target_arch = "wasm32")]
impl From<worker::url::ParseError> for AppError {
    fn from(e: worker::url::ParseError) -> Self {
        Self::while_doing("a URL", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_tells_the_client_nothing_of_its_cause() {
        let error = AppError::from(StoreError::Database("D1_ERROR: no such table: registry_accounts".into()));
        assert_eq!(error.status(), 500);
        let body = error.body();
        assert!(!body.message.contains("D1") && !body.message.contains("registry_accounts"));
        assert!(body.message.contains("fmctechsup@dot.gov"));
    }

    #[test]
    fn each_error_has_its_own_status_and_code() {
        let errors = [
            AppError::NotFound,
            AppError::MethodNotAllowed("GET".into()),
            AppError::BadRequest("expected value at line 1".into()),
            AppError::InvalidFields(Vec::new()),
            AppError::NotSignedIn,
            AppError::Forbidden("no origin"),
            AppError::NotPermitted("a staff role that does not reach this part"),
            AppError::internal("a setting is missing"),
        ];
        let statuses: Vec<u16> = errors.iter().map(AppError::status).collect();
        let codes: Vec<String> = errors.iter().map(|e| e.body().error).collect();
        assert_eq!(statuses, [404, 405, 400, 400, 401, 403, 403, 500]);
        assert_eq!(
            codes,
            [
                "not_found",
                "method_not_allowed",
                "bad_request",
                "invalid_fields",
                "not_signed_in",
                "forbidden",
                "not_permitted",
                "internal"
            ]
        );
    }

    #[test]
    fn the_log_keeps_every_cause() {
        let error = AppError::from(StoreError::Database("D1_ERROR: database is locked".into()));
        assert_eq!(error.for_the_log(), "the store: database: D1_ERROR: database is locked");
        assert!(error.is_failure());
        assert!(!AppError::NotSignedIn.is_failure());
        assert_eq!(error.cause_for_the_log(), Some(error.for_the_log()));
    }

    #[test]
    fn a_refusal_logs_its_reason_but_never_what_the_person_sent() {
        let refused = AppError::NotPermitted("a staff role that does not reach this part");
        assert_eq!(refused.cause_for_the_log().as_deref(), Some("a staff role that does not reach this part"));
        assert_eq!(AppError::Forbidden("no origin").cause_for_the_log().as_deref(), Some("no origin"));
        // serde's words may quote the body: a registry number, an address.
        assert_eq!(AppError::BadRequest("invalid type: string \"1000000001\"".into()).cause_for_the_log(), None);
        assert_eq!(AppError::NotSignedIn.cause_for_the_log(), None);
        // Which check Cloudflare Access's assertion failed.
        assert_eq!(
            AppError::AccessRefused(TokenError::WrongAudience).cause_for_the_log().as_deref(),
            Some("Cloudflare Access's assertion refused: the token is not for this client alone")
        );
        // A CSRF refusal and a role refusal tell the person different things.
        assert_ne!(AppError::Forbidden("no origin").body().message, refused.body().message);
    }

    #[test]
    fn a_check_is_a_428_that_carries_the_widget_and_logs_why_it_was_asked() {
        let challenge = Challenge {
            site_key: "1x00000000000000000000AA".into(),
            script: crate::turnstile::SCRIPT.into(),
            action: crate::turnstile::ACTION.into(),
        };
        let error = AppError::Challenge {
            asked: ChallengeAsked::Again,
            challenge: challenge.clone(),
            because: "not passed: timeout-or-duplicate".into(),
        };
        assert_eq!(error.status(), 428);
        let body = error.body();
        assert_eq!((body.error.as_str(), body.challenge), ("challenge_failed", Some(challenge)));
        assert_eq!(error.for_the_log(), "check asked Again: not passed: timeout-or-duplicate");
        assert!(!error.is_failure());
    }

    #[test]
    fn a_bad_request_does_not_echo_what_the_client_sent() {
        let body = AppError::BadRequest("unknown field `<script>`".into()).body();
        assert!(!body.message.contains("script"));
    }
}
