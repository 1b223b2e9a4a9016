//! The first sign-in of a login.gov identity that matched a registry account
//! by email: the person sees whose account it is and links it only by saying
//! it is theirs. Where the address proves nothing (`EmailMatch::proves_nothing`),
//! saying so is not enough: login.gov then verifies the person's identity, and
//! the account is linked only if it is theirs (`crate::identity`). Nothing the
//! person types links anything: a license or registry number is public.

use serde::{Deserialize, Serialize};

/// A link waiting for the person's answer: kept by the worker for 10 minutes,
/// bound to the browser that signed in by a cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    pub account_id: i64,
    pub subject: String,
    pub login_gov_email: String,
    pub return_to: String,
    /// login.gov must verify the person's identity before the link is made.
    pub verify_identity: bool,
    /// The answer must carry it: the page got it from `GET /api/sign-in/link`.
    pub csrf_token: String,
}

/// `GET /api/sign-in/link`: whose account this is, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountToConfirm {
    pub first_name: String,
    pub last_name: String,
    pub registry_number: String,
    /// "Yes" goes on to login.gov's identity verification.
    pub verify_identity: bool,
    pub csrf_token: String,
}

/// `POST /api/sign-in/link`: the person's answer, "Yes, this is my account"
/// (true) or "This is not my account" (false).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkAnswer {
    pub mine: bool,
}

/// `POST /api/sign-in/link` once the question is settled: where the browser
/// goes (signed in, to login.gov to verify, or to the page that says why not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInContinues {
    pub location: String,
}

/// What to do with an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkDecision {
    Link,
    /// To login.gov first, which verifies the person's identity ([`crate::identity`]).
    VerifyIdentity,
    NotMine,
}

pub fn decide(verify_identity: bool, answer: &LinkAnswer) -> LinkDecision {
    match (answer.mine, verify_identity) {
        (false, _) => LinkDecision::NotMine,
        (true, false) => LinkDecision::Link,
        (true, true) => LinkDecision::VerifyIdentity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_links_only_where_the_address_proves_something() {
        assert_eq!(decide(false, &LinkAnswer { mine: true }), LinkDecision::Link);
        assert_eq!(decide(true, &LinkAnswer { mine: true }), LinkDecision::VerifyIdentity);
    }

    #[test]
    fn not_mine_links_nothing() {
        for verify in [false, true] {
            assert_eq!(decide(verify, &LinkAnswer { mine: false }), LinkDecision::NotMine);
        }
    }

    #[test]
    fn an_answer_carries_nothing_but_yes_or_no() {
        let typed: Result<LinkAnswer, _> = serde_json::from_str(r#"{"mine":true,"proof":"MD-483920"}"#);
        assert!(typed.is_err());
    }
}
