//! A signed-in person changes their primary or secondary email. Nothing
//! changes until the new address is confirmed from its own inbox; an address of
//! another account is refused; a .gov, .mil or .edu address is allowed only
//! once the person has read why the FAQ advises against it.

use serde::{Deserialize, Serialize};

use crate::email_fix::{NewEmailField, NewEmailForm};
use crate::form::{FieldError, FieldErrors, FormField};
use crate::Email;

/// The fields of My account's email change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailChangeField {
    NewEmail,
    ConfirmEmail,
    /// The box: keep a .gov, .mil or .edu address knowingly.
    KeepInstitutionalEmail,
}

impl FormField for EmailChangeField {
    const ALL: &'static [Self] = &[Self::NewEmail, Self::ConfirmEmail, Self::KeepInstitutionalEmail];

    fn code(self) -> &'static str {
        match self {
            Self::NewEmail => NewEmailField::NewEmail.code(),
            Self::ConfirmEmail => NewEmailField::ConfirmEmail.code(),
            Self::KeepInstitutionalEmail => "keep_institutional_email",
        }
    }

    fn max_len(self) -> usize {
        match self {
            Self::NewEmail => NewEmailField::NewEmail.max_len(),
            Self::ConfirmEmail => NewEmailField::ConfirmEmail.max_len(),
            Self::KeepInstitutionalEmail => 64,
        }
    }
}

impl From<NewEmailField> for EmailChangeField {
    fn from(field: NewEmailField) -> Self {
        match field {
            NewEmailField::NewEmail => Self::NewEmail,
            NewEmailField::ConfirmEmail => Self::ConfirmEmail,
        }
    }
}

/// Which of the account's two addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailSlot {
    Primary,
    Secondary,
}

impl EmailSlot {
    pub const ALL: [Self; 2] = [Self::Primary, Self::Secondary];

    pub fn code(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Primary => "primary email",
            Self::Secondary => "secondary email",
        }
    }
}

/// `POST /api/account/email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChangeForm {
    pub slot: EmailSlot,
    pub new_email: String,
    pub confirm_email: String,
    /// The person read the warning about .gov, .mil and .edu addresses and keeps this one.
    #[serde(default)]
    pub keep_institutional_email: bool,
}

/// The FAQ's advice, shown next to the field when the address ends so.
pub const INSTITUTIONAL_EMAIL_WARNING: &str = "We recommend that you do not use a .gov, .mil, or .edu email address. \
     When you leave the government or military position or school, you will no longer have access to that email address, \
     and you will not receive emails about important National Registry information. \
     A personal email address that only you use is best.";

const KEEP_IT: &str = "Check the box to use this address anyway, or enter a personal email address.";

/// Whether an address belongs to a government, military or school domain.
pub fn is_institutional(email: &Email) -> bool {
    let domain = email.canonical();
    [".gov", ".mil", ".edu"].iter().any(|tld| domain.ends_with(tld))
}

impl EmailChangeForm {
    pub fn parse(&self) -> Result<(EmailSlot, Email), FieldErrors<EmailChangeField>> {
        let address = NewEmailForm { new_email: self.new_email.clone(), confirm_email: self.confirm_email.clone() };
        let email = address.parse().map_err(|errors| {
            FieldErrors(
                errors.0.into_iter().map(|e| FieldError { field: e.field.into(), message: e.message }).collect(),
            )
        })?;
        if is_institutional(&email) && !self.keep_institutional_email {
            return Err(FieldErrors::one(EmailChangeField::KeepInstitutionalEmail, KEEP_IT));
        }
        Ok((self.slot, email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(new_email: &str, keep: bool) -> EmailChangeForm {
        EmailChangeForm {
            slot: EmailSlot::Secondary,
            new_email: new_email.into(),
            confirm_email: new_email.into(),
            keep_institutional_email: keep,
        }
    }

    #[test]
    fn a_personal_address_typed_twice_is_the_new_email() {
        assert_eq!(
            form("pat@example.com", false).parse().map(|(slot, e)| (slot, e.to_string())),
            Ok((EmailSlot::Secondary, "pat@example.com".into()))
        );
    }

    #[test]
    fn a_gov_mil_or_edu_address_needs_the_person_to_keep_it_knowingly() {
        for address in ["pat@va.gov", "pat@army.MIL", "pat@school.edu"] {
            let errors = form(address, false).parse().err().unwrap_or_default();
            assert!(errors.get(EmailChangeField::KeepInstitutionalEmail).is_some(), "{address}");
            assert!(form(address, true).parse().is_ok(), "{address}");
        }
    }

    #[test]
    fn a_domain_that_only_contains_gov_is_personal() {
        assert!(form("pat@govtrack.example.com", false).parse().is_ok());
        assert!(form("pat@example.education", false).parse().is_ok());
    }

    #[test]
    fn mistakes_in_the_address_are_refused_on_their_field() {
        let mismatch = EmailChangeForm { confirm_email: "other@example.com".into(), ..form("pat@example.com", false) };
        assert!(mismatch.parse().err().unwrap_or_default().get(EmailChangeField::ConfirmEmail).is_some());
    }

    #[test]
    fn an_unknown_slot_is_not_read() {
        let json = r#"{"slot":"tertiary","new_email":"a@b.co","confirm_email":"a@b.co"}"#;
        assert!(serde_json::from_str::<EmailChangeForm>(json).is_err());
    }
}
