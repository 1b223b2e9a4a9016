//! An email address as the registry holds it.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address.")]
    Empty,
    #[error("Enter an email address like name@example.com.")]
    Malformed,
    #[error("An email address has at most 254 characters.")]
    TooLong,
}

/// An address kept as the person typed it (trimmed), compared and looked up
/// case-insensitively: to the registry `Pat@Example.com` and `pat@example.com`
/// are one person's inbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// A deliberately plain check: one `@`, a local part, a dotted domain of
    /// letters, digits and hyphens, no spaces. The confirmation email is what
    /// proves an address; this only catches typing mistakes.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let address = input.trim();
        if address.is_empty() {
            return Err(EmailError::Empty);
        }
        if address.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = address.split_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| c.is_ascii_graphic() && !"@<>()[],;:\\\"".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !(local_ok && domain_ok) {
            return Err(EmailError::Malformed);
        }
        Ok(Self(address.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to compare and to look up: lower case.
    pub fn canonical(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Email {}

impl std::hash::Hash for Email {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical().hash(state);
    }
}

text_conversions!(Email, EmailError, Email::as_str);

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_kept_as_typed_without_surrounding_spaces() {
        assert_eq!(Email::parse("  Pat.Doe@Example.com ").map(|e| e.to_string()), Ok("Pat.Doe@Example.com".into()));
    }

    #[test]
    fn two_addresses_differing_only_in_case_are_the_same_inbox() {
        assert_eq!(Email::parse("PAT@EXAMPLE.COM"), Email::parse("pat@example.com"));
        assert_eq!(Email::parse("Pat@Example.com").map(|e| e.canonical()), Ok("pat@example.com".into()));
    }

    #[test]
    fn plus_addressing_and_subdomains_are_accepted() {
        assert!(Email::parse("pat+registry@mail.clinic.example.org").is_ok());
    }

    #[test]
    fn typing_mistakes_are_refused() {
        for typo in [
            "pat",
            "pat@",
            "@example.com",
            "pat@example",
            "pat@@example.com",
            "pat doe@example.com",
            "pat@exa mple.com",
            "pat@-example.com",
            "pat@example..com",
            "pat@example.com.",
        ] {
            assert_eq!(Email::parse(typo), Err(EmailError::Malformed), "{typo}");
        }
    }

    #[test]
    fn an_empty_or_overlong_address_says_so() {
        assert_eq!(Email::parse(" "), Err(EmailError::Empty));
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(190));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
