//! Single-use links, whatever they are for: what a link is for, what the
//! store found under its token, what it can still do, and what its page shows
//! before its button. The flows that send them (the shared-email fix, an email
//! change, a new primary email by the help desk) are in their own modules.

use serde::{Deserialize, Serialize};

use crate::email_change::EmailSlot;

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

/// A single-use link as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    pub account_id: i64,
    pub purpose: LinkPurpose,
    pub new_email: Option<String>,
    /// For an email change: which of the account's addresses it replaces.
    pub email_slot: Option<EmailSlot>,
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

/// What the page behind a usable link shows before its button: whose account
/// it is for, and the address a confirmation link confirms (a fix link
/// confirms none), so that the person knows what they are about to change —
/// and someone reading a shared mailbox sees that the link is not theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsableLink {
    pub confirms: Option<String>,
    pub account: AccountNamed,
}

/// An account as a link's page names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountNamed {
    pub name: String,
    pub registry_number: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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
