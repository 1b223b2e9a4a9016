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

/// What the person who said "this is not my account" to a fix link is told.
pub const FIX_LINK_DECLINED: &str = concat!(
    "We did not change anything, and this link no longer works. If the email that brought you here was for ",
    "someone who shares your email address, tell them: they can start Transfer or Create Account again. ",
    "For your own National Registry account, start Transfer or Create Account, or contact ",
    crate::the_help_desk!(),
    "."
);

/// Addresses a fix link may see refused as another account's before it is
/// spent: enough for typing mistakes, too few to test who uses which address.
pub const REFUSALS_PER_LINK: i64 = 5;

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
}
