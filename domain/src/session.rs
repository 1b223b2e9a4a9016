//! Sessions and when they end. An examiner's (NIST SP 800-63B, AAL2):
//! re-authentication after 30 minutes without activity and after 12 hours;
//! a staff member's, who reaches everyone's accounts: 15 minutes and 8 hours.

use serde::{Deserialize, Serialize};

/// Who holds a session, and how long it lasts.
pub trait Holder {
    /// Without a request for this long, the session ends.
    const IDLE_TIMEOUT_SECONDS: i64;
    /// However active, the session ends this long after it started.
    const ABSOLUTE_TIMEOUT_SECONDS: i64;
}

/// How long a session lasts: its holder's limits, or a shorter idle limit where
/// a run sets one (the `SESSION_IDLE_SECONDS` var of the tests of the warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub idle_seconds: i64,
    pub absolute_seconds: i64,
}

impl Limits {
    /// `H`'s limits; `shorter_idle` only ever shortens the idle limit.
    pub fn of<H: Holder>(shorter_idle: Option<i64>) -> Self {
        let idle = shorter_idle.filter(|s| (1..H::IDLE_TIMEOUT_SECONDS).contains(s)).unwrap_or(H::IDLE_TIMEOUT_SECONDS);
        Self { idle_seconds: idle, absolute_seconds: H::ABSOLUTE_TIMEOUT_SECONDS }
    }

    /// How long before an idle sign-out the person is warned: two minutes, or
    /// half the idle limit where that is shorter.
    pub fn warning_seconds(self) -> i64 {
        WARNING_SECONDS.min(self.idle_seconds / 2)
    }
}

/// The warning before an idle sign-out comes this long before it (WCAG 2.2.1:
/// the person can ask for more time).
pub const WARNING_SECONDS: i64 = 2 * 60;

/// When the session ends if nothing is asked of the registry meanwhile, as the
/// signed-in pages' warning counts it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTime {
    pub ends_in_seconds: i64,
    /// Show the warning this long before the end.
    pub warning_seconds: i64,
}

/// The cookie that says an examiner's session was started in this browser: it
/// holds nothing else, and it is the one cookie the pages may read (the
/// header then asks the registry whether the session still holds).
pub const SIGNED_IN_COOKIE: &str = "__Host-registry-signed-in";

/// A session in use is renewed at most this often: each renewal is a write to
/// KV, and a page makes several requests. So a session idles out at most
/// this much before its idle timeout after its last request — never later.
/// The header a signed-in person's change carries the session's CSRF token in (a form
/// posted without the app, signing out, carries it as the field `csrf_token`).
pub const CSRF_HEADER: &str = "x-csrf-token";

pub const RENEWAL_SECONDS: i64 = 5 * 60;

/// An examiner, assistant or third party signed in with login.gov.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examiner {
    pub account_id: i64,
    /// The login.gov identity (`sub`) that signed in.
    pub subject: String,
    /// The email login.gov gave at this sign-in.
    pub login_gov_email: String,
    /// The account's session generation when the session began: "End
    /// sessions" moves it on, and the session is then worth nothing.
    #[serde(default)]
    pub generation: i64,
}

impl Holder for Examiner {
    const IDLE_TIMEOUT_SECONDS: i64 = 30 * 60;
    const ABSOLUTE_TIMEOUT_SECONDS: i64 = 12 * 60 * 60;
}

/// A person who works for examiners (an assistant or a third party, `people`
/// row), signed in with login.gov to ask for access and to work: what they may
/// see is decided at each request by their grants in D1 (`domain::grant`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub person_id: i64,
    pub subject: String,
    pub login_gov_email: String,
    /// The person's session generation when the session began.
    pub generation: i64,
}

impl Holder for Person {
    const IDLE_TIMEOUT_SECONDS: i64 = Examiner::IDLE_TIMEOUT_SECONDS;
    const ABSOLUTE_TIMEOUT_SECONDS: i64 = Examiner::ABSOLUTE_TIMEOUT_SECONDS;
}

/// What the worker keeps (in KV) for a session; the browser holds only its
/// random id, in a `__Host-` cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session<H> {
    #[serde(flatten)]
    pub holder: H,
    /// Sent back with every state-changing request (header `X-CSRF-Token`, or the
    /// form field `csrf_token`), compared in constant time.
    pub csrf_token: String,
    /// Seconds since the Unix epoch.
    pub started_at: i64,
    pub last_seen_at: i64,
}

impl<H: Holder + Clone> Session<H> {
    pub fn new(holder: H, csrf_token: String, now: i64) -> Self {
        Self { holder, csrf_token, started_at: now, last_seen_at: now }
    }

    /// Whether the session may still be used at `now`.
    pub fn is_live_at(&self, now: i64, limits: Limits) -> bool {
        now - self.last_seen_at < limits.idle_seconds && now - self.started_at < limits.absolute_seconds
    }

    /// The session renewed by a use at `now`, if its last renewal is old enough to need one.
    pub fn renewed_at(&self, now: i64, limits: Limits) -> Option<Self> {
        (now - self.last_seen_at >= RENEWAL_SECONDS.min(limits.idle_seconds / 3)).then(|| self.renewed_now(now))
    }

    /// The session renewed at `now`, whenever it was last ("Stay signed in").
    pub fn renewed_now(&self, now: i64) -> Self {
        Self { last_seen_at: now, ..self.clone() }
    }

    /// When the session, as stored, ends if it is not used again after `now`.
    pub fn time_at(&self, now: i64, limits: Limits) -> SessionTime {
        let ends_at = (self.last_seen_at + limits.idle_seconds).min(self.started_at + limits.absolute_seconds);
        SessionTime { ends_in_seconds: (ends_at - now).max(0), warning_seconds: limits.warning_seconds() }
    }
}

/// Compares two secrets without stopping at the first difference.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDLE_TIMEOUT_SECONDS: i64 = Examiner::IDLE_TIMEOUT_SECONDS;
    const ABSOLUTE_TIMEOUT_SECONDS: i64 = Examiner::ABSOLUTE_TIMEOUT_SECONDS;
    const LIMITS: Limits = Limits { idle_seconds: IDLE_TIMEOUT_SECONDS, absolute_seconds: ABSOLUTE_TIMEOUT_SECONDS };

    fn started_at(start: i64, last_seen_at: i64) -> Session<Examiner> {
        let examiner =
            Examiner { account_id: 1, subject: "sub".into(), login_gov_email: "pat@example.com".into(), generation: 0 };
        Session { last_seen_at, ..Session::new(examiner, "t".into(), start) }
    }

    #[test]
    fn a_session_is_stored_as_one_flat_object() {
        let json = serde_json::to_value(started_at(0, 5)).unwrap_or_default();
        assert_eq!(json["account_id"], 1);
        assert_eq!(json["last_seen_at"], 5);
    }

    #[test]
    fn a_session_ends_after_thirty_idle_minutes() {
        let session = started_at(0, 1000);
        assert!(session.is_live_at(1000 + IDLE_TIMEOUT_SECONDS - 1, LIMITS));
        assert!(!session.is_live_at(1000 + IDLE_TIMEOUT_SECONDS, LIMITS));
    }

    #[test]
    fn a_session_ends_after_twelve_hours_however_active() {
        let session = started_at(0, ABSOLUTE_TIMEOUT_SECONDS - 5);
        assert!(session.is_live_at(ABSOLUTE_TIMEOUT_SECONDS - 1, LIMITS));
        assert!(!session.is_live_at(ABSOLUTE_TIMEOUT_SECONDS, LIMITS));
        assert_eq!(session.time_at(ABSOLUTE_TIMEOUT_SECONDS - 60, LIMITS).ends_in_seconds, 60);
        assert_eq!(started_at(0, 0).renewed_now(10).time_at(10, LIMITS).ends_in_seconds, IDLE_TIMEOUT_SECONDS);
    }

    #[test]
    fn a_session_in_use_is_renewed_every_five_minutes_at_most() {
        let session = started_at(0, 1000);
        assert_eq!(session.renewed_at(1000 + RENEWAL_SECONDS - 1, LIMITS), None);
        let renewed = session.renewed_at(1000 + RENEWAL_SECONDS, LIMITS);
        assert_eq!(renewed.map(|s| s.last_seen_at), Some(1000 + RENEWAL_SECONDS));
    }

    #[test]
    fn the_warning_counts_down_from_the_last_renewal_and_stops_at_the_absolute_limit() {
        let session = started_at(0, 1000);
        assert_eq!(session.time_at(1100, LIMITS), SessionTime { ends_in_seconds: 1700, warning_seconds: 120 });
        let late = started_at(0, ABSOLUTE_TIMEOUT_SECONDS - 100);
        assert_eq!(late.time_at(ABSOLUTE_TIMEOUT_SECONDS - 100, LIMITS).ends_in_seconds, 100);
        assert_eq!(session.renewed_now(1500).time_at(1500, LIMITS).ends_in_seconds, IDLE_TIMEOUT_SECONDS);
    }

    #[test]
    fn a_run_may_shorten_the_idle_limit_never_lengthen_it() {
        assert_eq!(Limits::of::<Examiner>(None), LIMITS);
        assert_eq!(Limits::of::<Examiner>(Some(20)).idle_seconds, 20);
        assert_eq!(Limits::of::<Examiner>(Some(20)).warning_seconds(), 10);
        assert_eq!(Limits::of::<Examiner>(Some(3600)), LIMITS);
        assert_eq!(Limits::of::<Examiner>(Some(0)), LIMITS);
    }

    #[test]
    fn secrets_are_equal_only_when_every_byte_is() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }
}
