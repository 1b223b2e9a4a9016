//! The National Registry number: the ten digits that identify an account.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a National Registry number was refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryNumberError {
    #[error("Enter your National Registry number.")]
    Empty,
    #[error("A National Registry number has only digits.")]
    NotDigits,
    #[error("A National Registry number has 10 digits.")]
    WrongLength,
}

/// Ten digits. People copy it from certificates with spaces or dashes in it,
/// so those are dropped; anything else is refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistryNumber(String);

impl RegistryNumber {
    pub const DIGITS: usize = 10;

    pub fn parse(input: &str) -> Result<Self, RegistryNumberError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(RegistryNumberError::Empty);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(RegistryNumberError::NotDigits);
        }
        if digits.len() != Self::DIGITS {
            return Err(RegistryNumberError::WrongLength);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_conversions!(RegistryNumber, RegistryNumberError, RegistryNumber::as_str);

impl fmt::Display for RegistryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits_are_a_registry_number() {
        assert_eq!(RegistryNumber::parse("1234567890").map(|n| n.to_string()), Ok("1234567890".into()));
    }

    #[test]
    fn spaces_and_dashes_a_person_types_are_dropped() {
        let number = RegistryNumber::parse(" 123-456 7890 ").map(|n| n.to_string());
        assert_eq!(number, Ok("1234567890".into()));
    }

    #[test]
    fn an_empty_field_asks_for_the_number() {
        assert_eq!(RegistryNumber::parse("  "), Err(RegistryNumberError::Empty));
    }

    #[test]
    fn nine_or_eleven_digits_are_the_wrong_length() {
        assert_eq!(RegistryNumber::parse("123456789"), Err(RegistryNumberError::WrongLength));
        assert_eq!(RegistryNumber::parse("12345678901"), Err(RegistryNumberError::WrongLength));
    }

    #[test]
    fn letters_and_other_digits_are_refused() {
        assert_eq!(RegistryNumber::parse("12345A7890"), Err(RegistryNumberError::NotDigits));
        // Non-ASCII digits look like numbers but are not registry numbers.
        assert_eq!(RegistryNumber::parse("１２３４５６７８９０"), Err(RegistryNumberError::NotDigits));
    }

    #[test]
    fn json_carries_the_number_as_a_string_and_is_parsed_on_the_way_in() {
        let parsed: Result<RegistryNumber, _> = serde_json::from_str("\"123-456-7890\"");
        assert_eq!(parsed.map(|n| n.to_string()).ok(), Some("1234567890".into()));
        assert!(serde_json::from_str::<RegistryNumber>("\"12\"").is_err());
    }
}
