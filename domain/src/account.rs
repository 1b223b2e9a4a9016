//! My account: what a signed-in person sees of their registry account.

use serde::{Deserialize, Serialize};

/// `GET /api/session`: the signed-in person, and the token their
/// state-changing requests must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub account: MyAccount,
    pub csrf_token: String,
}

/// The registry's information about the signed-in person, to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccount {
    pub first_name: String,
    pub last_name: String,
    pub registry_number: String,
    /// The registry's name for it, e.g. "Medical Examiner".
    pub account_type: String,
    pub license_number: Option<String>,
    /// The State's name, e.g. "Maryland".
    pub license_state: Option<String>,
    pub primary_email: String,
    pub secondary_email: Option<String>,
    pub certification: Certification,
    /// The email of the login.gov account signed in.
    pub login_gov_email: String,
}

/// A Medical Examiner's certification, as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Certification {
    /// Assistants and third parties hold none.
    None,
    Active {
        expires: String,
    },
    Expired {
        expired: String,
    },
}

impl Certification {
    /// `expires` and `today` as `YYYY-MM-DD`, which order as text.
    /// A certificate is good through its expiry date.
    pub fn as_of(expires: Option<&str>, today: &str) -> Self {
        match expires {
            None => Self::None,
            Some(date) if date >= today => Self::Active { expires: date.to_owned() },
            Some(date) => Self::Expired { expired: date.to_owned() },
        }
    }
}

/// The reminder on My account, in the announcement's spirit.
pub const REVIEW_REMINDER: &str = concat!(
    "Please review your information below and make sure that everything is accurate. If something is wrong, contact ",
    crate::the_help_desk!(),
    "."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_active_through_its_expiry_date_and_expired_after() {
        assert_eq!(
            Certification::as_of(Some("2033-05-01"), "2033-05-01"),
            Certification::Active { expires: "2033-05-01".into() }
        );
        assert_eq!(
            Certification::as_of(Some("2024-04-01"), "2026-11-25"),
            Certification::Expired { expired: "2024-04-01".into() }
        );
        assert_eq!(Certification::as_of(None, "2026-11-25"), Certification::None);
    }

    #[test]
    fn the_status_travels_tagged() {
        let json = serde_json::to_string(&Certification::Active { expires: "2033-05-01".into() }).unwrap_or_default();
        assert_eq!(json, r#"{"status":"active","expires":"2033-05-01"}"#);
    }
}
