//! A professional license number, as the issuing State wrote it.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseNumberError {
    #[error("Enter your professional license number.")]
    Empty,
    #[error("A license number has only letters, numbers, spaces and dashes.")]
    BadCharacter,
    #[error("A license number has at most 20 letters and numbers.")]
    TooLong,
}

/// A license number as the issuing State wrote it ("MD-012345"), kept and shown
/// exactly so, with the key it is matched on: States and people write the same
/// license differently ("md 012345", "MD012345"), so spaces and dashes are
/// dropped and letters upper-cased to compare.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicenseNumber {
    written: String,
    key: String,
}

impl LicenseNumber {
    pub const MAX_LEN: usize = 20;

    pub fn parse(input: &str) -> Result<Self, LicenseNumberError> {
        let mut key = String::with_capacity(input.len());
        for c in input.chars() {
            match c {
                c if c.is_ascii_alphanumeric() => key.push(c.to_ascii_uppercase()),
                c if c.is_whitespace() || c == '-' => {}
                _ => return Err(LicenseNumberError::BadCharacter),
            }
        }
        if key.is_empty() {
            return Err(LicenseNumberError::Empty);
        }
        if key.len() > Self::MAX_LEN {
            return Err(LicenseNumberError::TooLong);
        }
        Ok(Self { written: input.trim().to_owned(), key })
    }

    /// As written, without surrounding spaces.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// What two spellings of the same license share; the registry's `license_key`.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Two spellings of one license are the same license.
impl PartialEq for LicenseNumber {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for LicenseNumber {}

impl std::hash::Hash for LicenseNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

text_conversions!(LicenseNumber, LicenseNumberError, LicenseNumber::as_str);

impl fmt::Display for LicenseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_license_typed_three_ways_is_one_license() {
        let typed =
            ["MD-012345", "md 012345", " MD012345 "].map(|t| LicenseNumber::parse(t).unwrap_or_else(|e| panic!("{e}")));
        assert!(typed.iter().all(|l| l.key() == "MD012345" && l == &typed[0]));
    }

    #[test]
    fn a_license_is_kept_as_written() {
        let license = LicenseNumber::parse(" MD-483920 ").map(|l| l.to_string());
        assert_eq!(license, Ok("MD-483920".into()));
    }

    #[test]
    fn an_empty_field_asks_for_the_license() {
        assert_eq!(LicenseNumber::parse(" - "), Err(LicenseNumberError::Empty));
    }

    #[test]
    fn punctuation_other_than_dashes_is_refused() {
        assert_eq!(LicenseNumber::parse("MD/0123"), Err(LicenseNumberError::BadCharacter));
        assert_eq!(LicenseNumber::parse("MD<script>"), Err(LicenseNumberError::BadCharacter));
    }

    #[test]
    fn more_than_twenty_letters_and_numbers_is_too_long() {
        assert!(LicenseNumber::parse(&"A".repeat(20)).is_ok());
        assert_eq!(LicenseNumber::parse(&"A".repeat(21)), Err(LicenseNumberError::TooLong));
    }
}
