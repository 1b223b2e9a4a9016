//! The fix for a shared email: the person behind a "NOT migrated" email gives
//! a new address of their own, confirms it from that inbox, and is migrated.

use serde::{Deserialize, Serialize};

use crate::form::{too_long, FieldErrors, FormField};
use crate::Email;

/// The fields of the new-email form: the address, typed twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewEmailField {
    NewEmail,
    ConfirmEmail,
}

impl FormField for NewEmailField {
    const ALL: &'static [Self] = &[Self::NewEmail, Self::ConfirmEmail];

    fn code(self) -> &'static str {
        match self {
            Self::NewEmail => "new_email",
            Self::ConfirmEmail => "confirm_email",
        }
    }

    fn max_len(self) -> usize {
        Email::MAX_LEN + 2
    }
}

/// `POST /api/transfer/fix/{token}`: the new address, typed twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewEmailForm {
    pub new_email: String,
    pub confirm_email: String,
}

impl NewEmailForm {
    pub fn parse(&self) -> Result<Email, FieldErrors<NewEmailField>> {
        use NewEmailField::{ConfirmEmail, NewEmail};
        if let Some(too_long) = too_long(NewEmail, &self.new_email) {
            return Err(FieldErrors(vec![too_long]));
        }
        let email = Email::parse(&self.new_email).map_err(|e| FieldErrors::one(NewEmail, e.to_string()))?;
        if self.confirm_email.trim().is_empty() {
            return Err(FieldErrors::one(ConfirmEmail, "Enter the email address again."));
        }
        if Email::parse(&self.confirm_email).ok().as_ref() != Some(&email) {
            return Err(FieldErrors::one(ConfirmEmail, "The two email addresses are not the same."));
        }
        Ok(email)
    }
}

/// Refused when another account already has the address.
pub const EMAIL_TAKEN: &str =
    "Another National Registry account uses this email address. Enter an email address that only you use.";

/// A single-use link as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    pub account_id: i64,
    pub purpose: LinkPurpose,
    pub new_email: Option<String>,
    /// For an email change: `primary` or `secondary`.
    pub email_slot: Option<String>,
    pub used: bool,
    pub expired: bool,
}

/// What a link can still do; the page says which, and offers to start over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    Usable,
    Used,
    Expired,
    /// Forged, mistyped, or of another purpose.
    Unknown,
    /// Confirmed, but another link had moved the account already: nothing changed.
    Superseded,
}

/// What the page behind a usable link shows before its button: whose account
/// it is for, and the address a confirmation link confirms (a fix link
/// confirms none), so that the person knows what they are about to change —
/// and someone reading a shared mailbox sees that the link is not theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsableLink {
    pub confirms: Option<String>,
    pub account: AccountNamed,
}

/// What the person who said "this is not my account" to a fix link is told.
pub const FIX_LINK_DECLINED: &str = concat!(
    "We did not change anything, and this link no longer works. If the email that brought you here was for ",
    "someone who shares your email address, tell them: they can start Transfer or Create Account again. ",
    "For your own National Registry account, start Transfer or Create Account, or contact ",
    crate::the_help_desk!(),
    "."
);

/// An account as a link's page names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountNamed {
    pub name: String,
    pub registry_number: String,
}

/// Addresses a fix link may see refused as another account's before it is
/// spent: enough for typing mistakes, too few to test who uses which address.
pub const REFUSALS_PER_LINK: i64 = 5;

impl LinkStatus {
    pub fn of(link: Option<&StoredLink>, purpose: LinkPurpose) -> Self {
        match link {
            None => Self::Unknown,
            Some(link) if link.purpose != purpose => Self::Unknown,
            Some(link) if link.used => Self::Used,
            Some(link) if link.expired => Self::Expired,
            Some(_) => Self::Usable,
        }
    }

    /// What the person is told about a link that no longer works.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Usable => "This link works.",
            Self::Used => "This link has already been used. Each link works once.",
            Self::Expired => "This link has expired. Links work for 24 hours.",
            Self::Unknown => "This link is not valid. Check that you copied the whole address from the email.",
            Self::Superseded => {
                "Your account was already moved to login.gov with another link, so this one changed nothing. \
                 Sign in with login.gov to use your account."
            }
        }
    }
}

/// What a single-use link is for; a link opens only the page of its purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// "NOT migrated": give a new address of one's own.
    DuplicateEmailFix,
    /// The fix's new address, confirmed from its inbox.
    ConfirmNewEmail,
    /// A signed-in person's new primary or secondary email, confirmed from its inbox.
    ConfirmEmailChange,
}

impl LinkPurpose {
    pub const ALL: [Self; 3] = [Self::DuplicateEmailFix, Self::ConfirmNewEmail, Self::ConfirmEmailChange];

    /// As `account_links.purpose` stores it.
    pub fn code(self) -> &'static str {
        match self {
            Self::DuplicateEmailFix => "duplicate_email_fix",
            Self::ConfirmNewEmail => "confirm_new_email",
            Self::ConfirmEmailChange => "confirm_email_change",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|purpose| purpose.code() == code)
    }

    /// As the help desk reads it.
    pub fn words(self) -> &'static str {
        match self {
            Self::DuplicateEmailFix => "Link to give an address of one's own (shared email)",
            Self::ConfirmNewEmail => "Link to confirm the new address given through the fix",
            Self::ConfirmEmailChange => "Link to confirm an email change",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(new_email: &str, confirm_email: &str) -> NewEmailForm {
        NewEmailForm { new_email: new_email.into(), confirm_email: confirm_email.into() }
    }

    #[test]
    fn the_same_address_typed_twice_in_any_case_is_the_new_email() {
        assert_eq!(
            form("Pat@Example.com", " pat@example.COM").parse().map(|e| e.to_string()),
            Ok("Pat@Example.com".into())
        );
    }

    #[test]
    fn two_different_addresses_are_refused_on_the_second_field() {
        let errors = form("pat@example.com", "pat@example.org").parse().err().unwrap_or_default();
        assert_eq!(errors.get(NewEmailField::ConfirmEmail), Some("The two email addresses are not the same."));
    }

    #[test]
    fn a_malformed_or_missing_address_is_refused_on_its_field() {
        assert!(form("pat@", "pat@").parse().err().unwrap_or_default().get(NewEmailField::NewEmail).is_some());
        assert!(form("pat@example.com", "")
            .parse()
            .err()
            .unwrap_or_default()
            .get(NewEmailField::ConfirmEmail)
            .is_some());
    }

    #[test]
    fn a_purpose_is_read_back_from_its_code() {
        for purpose in LinkPurpose::ALL {
            assert_eq!(LinkPurpose::parse(purpose.code()), Some(purpose));
        }
        assert_eq!(LinkPurpose::parse("admin"), None);
    }

    fn link(used: bool, expired: bool) -> StoredLink {
        StoredLink {
            account_id: 1,
            purpose: LinkPurpose::DuplicateEmailFix,
            new_email: None,
            email_slot: None,
            used,
            expired,
        }
    }

    #[test]
    fn a_link_works_once_and_for_a_day_and_only_for_its_purpose() {
        assert_eq!(LinkStatus::of(Some(&link(false, false)), LinkPurpose::DuplicateEmailFix), LinkStatus::Usable);
        assert_eq!(LinkStatus::of(Some(&link(true, false)), LinkPurpose::DuplicateEmailFix), LinkStatus::Used);
        assert_eq!(LinkStatus::of(Some(&link(true, true)), LinkPurpose::DuplicateEmailFix), LinkStatus::Used);
        assert_eq!(LinkStatus::of(Some(&link(false, true)), LinkPurpose::DuplicateEmailFix), LinkStatus::Expired);
        assert_eq!(LinkStatus::of(Some(&link(false, false)), LinkPurpose::ConfirmNewEmail), LinkStatus::Unknown);
        assert_eq!(LinkStatus::of(None, LinkPurpose::DuplicateEmailFix), LinkStatus::Unknown);
    }
}
